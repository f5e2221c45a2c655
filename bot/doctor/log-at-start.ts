import type { Logger } from '../log/logger.js';
import type { Config } from '../config/load-config.js';
import { databaseFindings } from './run-doctor.js';
import { environmentChecks } from './environment-checks.js';

/** `npm run doctor`'s findings, logged as warnings once the bot listens; a check that fails never stops the bot. */
export function logDoctorFindings(config: Config, log: Logger, now: Date = new Date()): void {
  try {
    for (const finding of [...environmentChecks(config), ...databaseFindings(config, now)]) {
      if (finding.severity !== 'ok') log.warn({ check: finding.check, severity: finding.severity }, `doctor: ${finding.text}`);
    }
  } catch (problem) {
    log.warn({ err: problem }, 'doctor: the start-up self-check failed; run npm run doctor');
  }
}
