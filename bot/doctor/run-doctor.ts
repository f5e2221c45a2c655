import { existsSync } from 'node:fs';
import { openStore } from '../../data/store/store.js';
import { ConfigError, loadConfig, type Config } from '../config/load-config.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { deliveryCheck, diskSpaceCheck, employeesWithoutTeamsCheck, fallbackCheck, lastImportCheck, migrationCheck, unitsWithoutChannelCheck } from './database-checks.js';
import { environmentChecks } from './environment-checks.js';
import { error, ok, type Finding } from './finding.js';

/**
 * Everything that makes the service fail quietly, checked against the environment (as the bot reads it at start-up)
 * and the database it names. Read-only: the database is opened read-only and never migrated.
 */
export async function runDoctor(environment: NodeJS.ProcessEnv, now: Date = new Date()): Promise<Finding[]> {
  let config: Config;
  try {
    config = loadConfig(environment);
  } catch (problem) {
    if (!(problem instanceof ConfigError)) throw problem;
    return problem.problems.map((text) => error('configuration', `Konfiguration: ${text}. Ret variablen; botten starter ikke sådan.`));
  }
  return [ok('configuration', 'Konfigurationen er gyldig.'), ...environmentChecks(config), ...await databaseFindings(config, now)];
}

/** What the database's part of the check reads from the configuration. */
export type DatabaseToCheck = Pick<Config, 'DATABASE_PATH' | 'ALERT_FALLBACK_UNIT_ID'>;

/** The database's part of the check, for a configuration already loaded (the bot's own at start-up). */
export async function databaseFindings(config: DatabaseToCheck, now: Date): Promise<Finding[]> {
  const path = config.DATABASE_PATH;
  if (!existsSync(path)) return [error('database', `Databasen ${path} findes ikke: kør npm run import -- <mappe>, eller ret DATABASE_PATH.`)];
  const store = await openStore(path, { readonly: true, waiting: 'command' });
  try {
    const migrations = await migrationCheck(store);
    if (migrations.severity === 'error') return [migrations, diskSpaceCheck(path)];
    const today = copenhagenDate(now);
    return [
      migrations,
      await fallbackCheck(store, config.ALERT_FALLBACK_UNIT_ID, today),
      await unitsWithoutChannelCheck(store, today),
      await employeesWithoutTeamsCheck(store, today),
      await lastImportCheck(store, now),
      ...await deliveryCheck(store),
      diskSpaceCheck(path),
    ];
  } finally {
    await store.close();
  }
}
