import type { Logger } from '../log/logger.js';
import type { Config } from '../config/load-config.js';
import { environmentChecks } from './environment-checks.js';
import type { Finding } from './finding.js';
import { databaseFindingsInWorker } from './findings-in-worker.js';

/**
 * `npm run doctor`'s findings, logged as warnings once the bot listens; a check that fails never stops the bot. The
 * database is checked in a worker thread, so turns go on meanwhile.
 */
export async function logDoctorFindings(config: Config, log: Logger, now: Date = new Date()): Promise<void> {
  const logged = (findings: Finding[]) => {
    for (const finding of findings) {
      if (finding.severity !== 'ok') log.warn({ check: finding.check, severity: finding.severity }, `doctor: ${finding.text}`);
    }
  };
  try {
    logged(environmentChecks(config));
    logged(await databaseFindingsInWorker(config, now));
  } catch (problem) {
    log.warn({ err: problem }, 'doctor: the start-up self-check failed; run npm run doctor');
  }
}
