import { existsSync } from 'node:fs';
import { describeDatabase, openConfiguredStore } from '../../data/open-store.js';
import type { Store } from '../../data/store/store.js';
import { databaseChoice } from '../config/database-choice.js';
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
export type DatabaseToCheck = Pick<Config, 'DATABASE_PATH' | 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'ALERT_FALLBACK_UNIT_ID'>;

/** The database's part of the check, for a configuration already loaded (the bot's own at start-up). */
export async function databaseFindings(config: DatabaseToCheck, now: Date): Promise<Finding[]> {
  const path = config.DATABASE_PATH;
  const postgres = config.DATABASE_URL !== undefined;
  if (!postgres && !existsSync(path)) return [error('database', `Databasen ${path} findes ikke: kør npm run import -- <mappe>, eller ret DATABASE_PATH.`)];
  // The disk is the database server's on PostgreSQL: not ours to check.
  const disk = postgres ? [] : [diskSpaceCheck(path)];
  let store;
  try {
    store = await openConfiguredStore({ ...databaseChoice(config), poolSize: 2 }, { readonly: true, waiting: 'command' });
  } catch (problem) {
    if (!postgres) throw problem;
    return [error('database', `${describeDatabase(databaseChoice(config))} kunne ikke åbnes (${(problem as Error).message}): ret DATABASE_URL, eller tjek at serveren kører og tager imod forbindelser.`)];
  }
  try {
    return [...await storeFindings(store, config, now), ...disk];
  } finally {
    await store.close();
  }
}

/** The checks on a store already open (the bot's own on PostgreSQL, so the self-check opens no connection of its own). */
export async function storeFindings(store: Store, config: Pick<DatabaseToCheck, 'ALERT_FALLBACK_UNIT_ID'>, now: Date): Promise<Finding[]> {
  const migrations = await migrationCheck(store);
  if (migrations.severity === 'error') return [migrations];
  const today = copenhagenDate(now);
  return [
    migrations,
    await fallbackCheck(store, config.ALERT_FALLBACK_UNIT_ID, today),
    await unitsWithoutChannelCheck(store, today),
    await employeesWithoutTeamsCheck(store, today),
    await lastImportCheck(store, now),
    ...await deliveryCheck(store),
  ];
}
