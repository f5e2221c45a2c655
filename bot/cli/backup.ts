import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_DATABASE } from './audit-database.js';
import { print, printError } from './cli-output.js';
import { HELP_OPTION, parseCommandLine } from './command-line.js';
import { openCommandStore } from './command-store.js';
import { describeDatabase } from '../../data/open-store.js';
import type { Store } from '../../data/store/store.js';
import { commandDatabase } from '../config/database-choice.js';
import { verificationText } from './verify-audit-chain-text.js';

const USAGE = `Brug: npm run backup -- <fil> [--database <sti>]

Tager en konsistent sikkerhedskopi af databasen, også mens botten kører (SQLites online backup), og efterprøver
kopien: PRAGMA integrity_check og revisionsloggens hashkæde. Udskriver kopiens størrelse og hvor lang tid den tog.
Afslutter med 0, når kopien er sund; 1, når kopien er skrevet, men ikke består kontrollen; 2, når der ikke er
skrevet nogen kopi (fx fordi filen allerede findes: en sikkerhedskopi overskrives aldrig).
  --database <sti>  SQLite-filen (standard: DATABASE_PATH eller ${DEFAULT_DATABASE}; med DATABASE_URL: PostgreSQL, som sikkerhedskopieres med pg_dump)`;

const NUMBER = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 1 });

export async function runBackup(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseCommandLine(argv, { database: { type: 'string' }, ...HELP_OPTION }, USAGE, true);
  if (typeof args === 'number') return args;
  if (args.positionals.length !== 1) {
    printError(USAGE);
    return 2;
  }
  const target = args.positionals[0]!;
  // Decided from the configuration alone: nothing is opened (let alone migrated) to say that pg_dump is the tool.
  const database = commandDatabase(args.values.database, env);
  if (!database.ok) {
    printError(database.message);
    return 2;
  }
  if (database.postgres) {
    printError(`npm run backup kopierer endnu ikke PostgreSQL (${describeDatabase(database.postgres)}), og der er ikke skrevet nogen fil: tag kopien med pg_dump, fx pg_dump --format=custom --file=${target} "$DATABASE_URL".`);
    return 2;
  }
  const source = args.values.database ?? (env.DATABASE_PATH || DEFAULT_DATABASE);
  if (!existsSync(source)) {
    printError(`Databasen ${source} findes ikke. Angiv den med DATABASE_PATH=<sti> eller --database <sti>.`);
    return 2;
  }
  if (existsSync(target)) {
    printError(`${target} findes allerede, og en sikkerhedskopi overskrives aldrig. Vælg et nyt filnavn, fx med datoen i.`);
    return 2;
  }
  if (resolve(target) === resolve(source)) {
    printError('Sikkerhedskopien skal være en anden fil end databasen.');
    return 2;
  }
  if (!existsSync(dirname(resolve(target)))) {
    printError(`Mappen ${dirname(resolve(target))} findes ikke. Opret den først.`);
    return 2;
  }
  const opened = await openCommandStore(args.values.database, env, () => ({ ok: true, path: source }), { readonly: true, waiting: 'command' });
  if (!opened.ok) {
    printError(opened.message);
    return 2;
  }
  let result;
  try {
    result = await backUp(opened.store, target);
  } catch (error) {
    printError(`Sikkerhedskopien kunne ikke tages, og der er ikke skrevet nogen fil: ${(error as Error).message}`);
    return 2;
  }
  print(`Sikkerhedskopi skrevet til ${target}: ${NUMBER.format(result.bytes / 1_000_000)} MB på ${NUMBER.format(result.durationMs / 1000)} s.`);
  const sound = result.integrity.length === 1 && result.integrity[0] === 'ok';
  if (sound) print('integrity_check: ok.');
  else printError(`integrity_check fandt fejl i kopien, så den kan ikke bruges til en gendannelse (kør den igen; består originalen heller ikke, så gendan fra en ældre kopi):\n  ${result.integrity.slice(0, 10).join('\n  ')}`);
  if (result.chain === null) {
    if (sound) print('Revisionsloggen har endnu ingen hashkæde i denne database; den er ikke efterprøvet.');
    return sound ? 0 : 1;
  }
  const { intact, lines } = verificationText(result.chain);
  for (const [index, line] of lines.entries()) (intact ? print : printError)(intact && index === 0 ? `Revisionslog: ${line}` : line);
  return sound && intact ? 0 : 1;
}

/** A SQLite source is opened read-only and never migrated: the copy is of the database as it is. */
async function backUp(store: Store, target: string) {
  try {
    return await store.backup(target);
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runBackup(process.argv.slice(2));
}
