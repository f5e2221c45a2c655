import type { Store } from '../../data/store/store.js';
import type { LoggedHead } from '../../data/repositories/verify-audit-chain.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { validateCpr } from '../../domain/cpr/validate-cpr.js';
import { messages } from '../i18n/messages.js';
import { auditDatabase } from './audit-database.js';
import { print, printError } from './cli-output.js';
import { HELP_OPTION, parseCommandLine } from './command-line.js';
import { openCommandStore } from './command-store.js';
import { verificationText } from './verify-audit-chain-text.js';
import { parseSampleOptions, sampleLines } from './audit-sample.js';

const USAGE = `Brug: npm run audit -- --cpr <cpr-nummer> [--database <sti>]
     npm run audit -- --verify [--head <række>:<hash>] [--database <sti>]
     npm run audit -- --sample <antal> [--from <dato>] [--to <dato>] [--seed <tal>] [--database <sti>]

--cpr udskriver logudtrækket for én borger, som borgeren har ret til at se: hvornår der er søgt,
af hvilken forvaltning og med hvilket formål. Medarbejdernes navne vises ikke.
--verify efterprøver revisionslogens hashkæde: afslutter med 0, når den er intakt, ellers med 1
og navnet på den første række, der ikke verificerer.
  --head <række>:<hash>  et hoved fra applikationsloggen (auditChainHead: lastId og hash), som kæden stadig skal indeholde
--sample udtrækker en tilfældig stikprøve af opslag (1–1000) til den dataansvarliges stikprøvekontrol: tidspunkt,
medarbejder, borger (maskeret CPR), formål, hvad der blev vist, og om en need-to-know-regel tillod det.
  --from, --to <dato>  perioden, begge dage med (ÅÅÅÅ-MM-DD; standard: fra begyndelsen til i dag)
  --seed <tal>  det seed en tidligere stikprøve udskrev: samme seed og samme data giver samme stikprøve
  --database <sti>  SQLite-filen (standard: DATABASE_URL's PostgreSQL, ellers DATABASE_PATH eller var/brobygger.sqlite; efter npm run dev: var/demo.sqlite)`;

/** The migration that chains the audit log; a database not yet opened by this version has no chain to verify. */
const AUDIT_CHAIN_MIGRATION = 11;

const TIME = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' });

export async function runAudit(argv: string[]): Promise<number> {
  const args = parseCommandLine(
    argv,
    { cpr: { type: 'string' }, verify: { type: 'boolean', default: false }, head: { type: 'string' }, sample: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, seed: { type: 'string' }, database: { type: 'string' }, ...HELP_OPTION },
    USAGE,
  );
  if (typeof args === 'number') return args;
  const modes = [args.values.verify, args.values.cpr !== undefined, args.values.sample !== undefined].filter(Boolean).length;
  const sampleOnly = args.values.sample === undefined && [args.values.from, args.values.to, args.values.seed].some((value) => value !== undefined);
  if (modes !== 1 || sampleOnly) {
    printError(USAGE);
    return 2;
  }
  if (args.values.sample !== undefined) return runSample({ ...args.values, sample: args.values.sample });
  if (args.values.verify) {
    const logged = args.values.head === undefined ? undefined : parseLoggedHead(args.values.head);
    if (logged === null) {
      printError(`"${args.values.head}" er ikke et hoved fra loggen. Skriv det som <række>:<hash>, fx 1234:${'0'.repeat(64)} (lastId og hash fra auditChainHead).`);
      return 2;
    }
    return runVerify(args.values.database, logged);
  }
  if (!args.values.cpr) return 2;
  const validation = validateCpr(args.values.cpr);
  if (!validation.ok) {
    printError(`"${args.values.cpr.length >= 6 ? maskCpr(args.values.cpr) : args.values.cpr}" er ikke et gyldigt CPR-nummer.`);
    return 2;
  }
  const cpr = validation.cpr;
  return withAuditStore(args.values.database, async (store) => {
    const m = messages('da');
    const lines = await store.audit.extractForCitizen(cpr);
    print(`Logudtræk for ${maskCpr(cpr)} — ${lines.length} registrering${lines.length === 1 ? '' : 'er'}`);
    print('Tidspunkt         | Forvaltning | Formål                                         | Resultat');
    for (const line of lines) {
      print(
        `${TIME.format(new Date(line.at)).padEnd(17)} | ${(line.administration ?? 'ukendt').padEnd(11)} | ${(m.audit.purpose[line.purpose] ?? line.purpose).padEnd(46)} | ${m.audit.result[line.result] ?? line.result}`,
      );
    }
    return 0;
  });
}

/** Opens DATABASE_URL's PostgreSQL, or the file `--database`/DATABASE_PATH names (auditDatabase) read-only, for `read`; or says why not (2). */
async function withAuditStore(option: string | undefined, read: (store: Store, path: string) => Promise<number>): Promise<number> {
  const opened = await openCommandStore(option, process.env, () => auditDatabase(option, process.env), { readonly: true, waiting: 'command' });
  if (!opened.ok) {
    printError(opened.message);
    return 2;
  }
  const { store } = opened;
  try {
    return await read(store, opened.name);
  } finally {
    await store.close();
  }
}

function parseLoggedHead(text: string): LoggedHead | null {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  return match ? { lastId: Number(match[1]), hash: match[2]! } : null;
}

async function runSample(raw: { sample: string; from?: string; to?: string; seed?: string; database?: string }): Promise<number> {
  const options = parseSampleOptions(raw, new Date());
  if ('problem' in options) {
    printError(options.problem);
    return 2;
  }
  return withAuditStore(raw.database, async (store) => {
    for (const line of await sampleLines(store, options)) print(line);
    return 0;
  });
}

async function runVerify(option: string | undefined, logged: LoggedHead | undefined): Promise<number> {
  return withAuditStore(option, async (store, path) => {
    if (!(await store.schema.has(AUDIT_CHAIN_MIGRATION))) {
      printError(`Databasen ${path} har endnu ingen hashkæde: den kædes, næste gang botten eller npm run import åbner den.`);
      return 2;
    }
    const { intact, lines } = verificationText(await store.audit.verifyChain(logged ? { loggedHead: logged } : {}), logged);
    for (const line of lines) (intact ? print : printError)(line);
    return intact ? 0 : 1;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runAudit(process.argv.slice(2));
}
