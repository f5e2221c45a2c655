import type { Store } from '../../data/store/store.js';
import type { Logger } from '../log/logger.js';
import type { Config } from '../config/load-config.js';
import { environmentChecks } from './environment-checks.js';
import type { Finding } from './finding.js';
import { databaseFindingsInWorker } from './findings-in-worker.js';
import { storeFindings } from './run-doctor.js';

/**
 * `npm run doctor`'s findings, logged as warnings once the bot listens; a check that fails never stops the bot.
 * PostgreSQL is checked through the bot's own store (`running`: its queries wait on the server, not on the event
 * loop, and no second pool is opened); a SQLite file in a worker thread with its own read-only connection, as SQLite
 * would hold the event loop for the whole scan.
 */
export async function logDoctorFindings(config: Config, log: Logger, now: Date = new Date(), running?: Store): Promise<void> {
  const logged = (findings: Finding[]) => {
    for (const finding of findings) {
      if (finding.severity !== 'ok') log.warn({ check: finding.check, severity: finding.severity }, `doctor: ${finding.text}`);
    }
  };
  try {
    logged(environmentChecks(config));
    logged(config.DATABASE_URL !== undefined && running ? await storeFindings(running, config, now) : await databaseFindingsInWorker(config, now));
  } catch (problem) {
    log.warn({ err: problem }, 'doctor: the start-up self-check failed; run npm run doctor');
  }
}
