import { StoreBusy } from '../data/sql/store-busy.js';
import { createBrobygger } from './app.js';
import { logDoctorFindings } from './doctor/log-at-start.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { databaseChoice } from './config/database-choice.js';
import { describeDatabase } from '../data/open-store.js';
import { warmGuideSpelling } from './guide/spelling/warm-at-start.js';
import { routeConsoleToLog } from './log/console-to-log.js';
import { createLogger } from './log/logger.js';

/** Production entry: `npm start`. Validates the environment, opens the store, serves until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One line an operator can act on, e.g. which variables choose production or local mode.
    createLogger({ level: 'info' }).fatal({ problems: error.problems }, `Invalid configuration: ${error.problems.join('; ')}`);
    process.exitCode = 1;
    return;
  }
  const log = createLogger({ level: config.LOG_LEVEL });
  routeConsoleToLog(log);
  if (config.localMode) {
    log.warn(
      { host: config.HOST },
      'LOCAL MODE (LOCAL_MODE=true): /api/messages accepts UNAUTHENTICATED activities and replies only to loopback serviceUrls. ' +
        'Use this only with the Agents Playground or tests; in production unset LOCAL_MODE and set MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId (and MicrosoftAppPassword).',
    );
  }
  let app;
  try {
    app = await createBrobygger({ config, log });
  } catch (error) {
    if (!(error instanceof StoreBusy)) throw error;
    // A pending migration met another process's write lock (an import, a backup): say so, not a stack trace.
    log.fatal(`${error.message} (${describeDatabase(databaseChoice(config))})`);
    process.exitCode = 1;
    return;
  }
  await warmGuideSpelling(config.GUIDE_SPELLING_DICTIONARY, log);
  const url = await app.listen(config.PORT);
  log.info({ url, host: config.HOST, database: describeDatabase(databaseChoice(config)), localMode: config.localMode, allowedTenants: config.allowedTenantIds?.length ?? 'any', metrics: app.metricsUrl() ?? 'off (METRICS_PORT is unset)' }, 'Brobygger is listening');
  void logDoctorFindings(config, log, new Date(), app.store);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new requests, finishing the ones in flight');
    const { drained } = await app.shutdown();
    log.info({ drained }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

await main();
