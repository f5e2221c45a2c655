import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { formatProblem } from '../../data/import/import-problem.js';
import { print, printError } from './cli-output.js';
import { HELP_OPTION, parseCommandLine } from './command-line.js';
import { openCommandStore } from './command-store.js';

const MAX_PRINTED_PROBLEMS = 500;

const USAGE = `Brug: npm run import -- <mappe> [--skip-invalid] [--allow-mass-end] [--verbose] [--database <sti>]

Læser units.csv, employees.csv, citizens.csv, cases.csv, hotline_whitelist.csv og guide.csv fra mappen (filer, der ikke findes, røres ikke).
  --skip-invalid    importér de gyldige rækker og skriv de afviste med begrundelse til en rejects-fil
  --allow-mass-end  tillad at en fil afslutter mere end 20 % af de gældende rækker
  --verbose         vis hvor lang tid hver fase tager
  --database <sti>  SQLite-filen (standard: DATABASE_PATH eller var/brobygger.sqlite; med DATABASE_URL: den PostgreSQL-database, den peger på)`;

export async function runImport(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseCommandLine(
    argv,
    {
      'skip-invalid': { type: 'boolean', default: false },
      'allow-mass-end': { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      database: { type: 'string' },
      ...HELP_OPTION,
    },
    USAGE,
    true,
  );
  if (typeof args === 'number') return args;
  const folder = args.positionals[0];
  if (!folder || args.positionals.length > 1) {
    printError(USAGE);
    return 2;
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    printError(`Mappen "${folder}" findes ikke.`);
    return 2;
  }
  const opened = await openCommandStore(args.values.database, env, () => ({ ok: true, path: args.values.database ?? env.DATABASE_PATH ?? 'var/brobygger.sqlite' }), { waiting: 'command' });
  if (!opened.ok) {
    printError(opened.message);
    return 2;
  }
  const { store, name: databasePath } = opened;
  try {
    const started = performance.now();
    const report = await store.importFolder(resolve(folder), {
      now: new Date(),
      skipInvalid: args.values['skip-invalid'],
      allowMassEnd: args.values['allow-mass-end'],
      ...(args.values.verbose ? { onPhase: (name: string, ms: number) => print(`  ${name}: ${(ms / 1000).toFixed(2)} s`) } : {}),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    for (const problem of report.problems.slice(0, MAX_PRINTED_PROBLEMS)) (report.ok ? print : printError)(formatProblem(problem));
    if (report.problems.length > MAX_PRINTED_PROBLEMS) printError(`… og ${report.problems.length - MAX_PRINTED_PROBLEMS} problemer mere.`);
    if (!report.ok) {
      printError(`\nIntet er importeret (${report.problems.length} problem${report.problems.length === 1 ? '' : 'er'}). Ret filerne, eller brug --skip-invalid for kun at importere de gyldige rækker.`);
      return 1;
    }
    for (const file of report.files) {
      print(`${file.file}: ${file.rows} rækker — ${file.added ?? 0} nye, ${file.changed ?? 0} ændrede, ${file.unchanged ?? 0} uændrede, ${file.ended ?? 0} afsluttet, ${file.rejected} afvist`);
    }
    if (report.rejectsPath) print(`Afviste rækker er skrevet til ${report.rejectsPath}`);
    print(`Import nr. ${report.runId} gennemført på ${seconds} s i ${databasePath}.`);
    return 0;
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runImport(process.argv.slice(2));
}
