import { retentionCutoffs } from '../../data/retention/retention-cutoffs.js';
import type { RetentionCounts } from '../../data/retention/retention-run.js';
import { retentionEnvSchema } from '../retention/retention-settings.js';
import { auditDatabase } from './audit-database.js';
import { print, printError } from './cli-output.js';
import { HELP_OPTION, parseCommandLine } from './command-line.js';
import { openCommandStore } from './command-store.js';

const USAGE = `Brug: npm run retention -- [--dry-run] [--database <sti>]

Sletter det, der er udløbet: borgere, hvis sidste sag sluttede for mere end CITIZEN_RETENTION_MONTHS måneder
siden (med alle deres versioner, sager, markeringer, samtykker, hændelser, advis og handleplaner), og
revisionslogens rækker, der er ældre end AUDIT_RETENTION_MONTHS måneder (kæden verificerer stadig).
  --dry-run         udskriv hvad der ville blive slettet, pr. slags og antal; intet ændres
  --database <sti>  SQLite-filen (standard: DATABASE_PATH eller var/brobygger.sqlite; med DATABASE_URL: den PostgreSQL-database, den peger på)`;

/** What the command prints per kind, in this order. */
const KIND_LABELS: Record<keyof RetentionCounts, string> = {
  citizens: 'borgere',
  citizenVersions: 'borgerversioner',
  caseVersions: 'sagsversioner',
  consentVersions: 'samtykkeversioner',
  markings: 'markeringer (fælles borger)',
  events: 'hændelser',
  alerts: 'advis',
  outbox: 'afsendelser (outbox)',
  actionPlans: 'handleplaner',
  activations: 'aktiveringer',
  auditRows: 'revisionslogrækker',
};

export async function runRetentionCommand(argv: string[], env: NodeJS.ProcessEnv = process.env, clock: () => Date = () => new Date()): Promise<number> {
  const args = parseCommandLine(argv, { 'dry-run': { type: 'boolean', default: false }, database: { type: 'string' }, ...HELP_OPTION }, USAGE);
  if (typeof args === 'number') return args;
  const settings = retentionEnvSchema.safeParse(env);
  if (!settings.success) {
    printError(`Ugyldig opsætning af sletning:\n${settings.error.issues.map((issue) => `  - ${String(issue.path[0])}: ${issue.message}`).join('\n')}`);
    return 2;
  }
  const periods = { auditMonths: settings.data.AUDIT_RETENTION_MONTHS, citizenMonths: settings.data.CITIZEN_RETENTION_MONTHS };
  const cutoffs = retentionCutoffs(clock(), periods);
  const dryRun = args.values['dry-run'];
  const opened = await openCommandStore(args.values.database, env, () => auditDatabase(args.values.database, env), { readonly: dryRun, waiting: 'command' });
  if (!opened.ok) {
    printError(opened.message);
    return 2;
  }
  const { store } = opened;
  try {
    const started = performance.now();
    const counts = dryRun ? await store.retention.plan(cutoffs) : (await store.retention.run({ cutoffs, trigger: 'command', clock })).deleted;
    print(`Borgere, hvis sidste sag sluttede før ${cutoffs.citizenEndedBefore} (${periods.citizenMonths} måneder); revisionslog før ${cutoffs.auditBefore} (${periods.auditMonths} måneder).`);
    print(dryRun ? 'Prøvekørsel — intet er ændret. Ville blive slettet:' : 'Slettet:');
    for (const [kind, label] of Object.entries(KIND_LABELS)) print(`  ${label.padEnd(28)} ${counts[kind as keyof RetentionCounts]}`);
    if (!dryRun) print(`Tid: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runRetentionCommand(process.argv.slice(2));
}
