import { existsSync } from 'node:fs';
import { DEFAULT_REPORT_DAYS, guideReportSections, guideSearchSummary, MAX_REPORT_DAYS } from '../guide/guide-search-report.js';
import { DEFAULT_DATABASE } from './audit-database.js';
import { print, printError } from './cli-output.js';
import { HELP_OPTION, parseCommandLine } from './command-line.js';
import { openCommandStore } from './command-store.js';

const USAGE = `Brug: npm run guide:report -- [--days <antal>] [--json] [--database <sti>]

Vejviserens søgninger de seneste dage (standard ${DEFAULT_REPORT_DAYS}): hvor mange, hvor mange fandt intet, de
hyppigste søgninger uden resultat, dem hvor intet svar blev åbnet, og de mest åbnede opslag. Uden CPR-numre,
navne og hvem der spurgte.
  --days <antal>    1–${MAX_REPORT_DAYS} dage tilbage fra nu
  --json            som JSON (til videre behandling)
  --database <sti>  SQLite-filen (standard: DATABASE_URL's PostgreSQL, ellers DATABASE_PATH eller ${DEFAULT_DATABASE}; efter npm run dev: var/demo.sqlite)`;

/** The migration that adds the guide's search log (guide_searches). */
const GUIDE_SEARCH_LOG_MIGRATION = 10;

export async function runGuideReport(argv: string[], now = new Date()): Promise<number> {
  const args = parseCommandLine(argv, { days: { type: 'string' }, json: { type: 'boolean', default: false }, database: { type: 'string' }, ...HELP_OPTION }, USAGE);
  if (typeof args === 'number') return args;
  const days = args.values.days === undefined ? DEFAULT_REPORT_DAYS : Number(args.values.days);
  if (!/^[1-9]\d*$/.test(args.values.days ?? '1') || days > MAX_REPORT_DAYS) {
    printError(`--days skal være et helt antal dage fra 1 til ${MAX_REPORT_DAYS}, ikke "${args.values.days}".\n\n${USAGE}`);
    return 2;
  }
  const file = args.values.database ?? (process.env.DATABASE_PATH || DEFAULT_DATABASE);
  const opened = await openCommandStore(args.values.database, process.env, () => (existsSync(file) ? { ok: true, path: file } : { ok: false, message: `Databasen ${file} findes ikke. Angiv databasen med DATABASE_PATH=<sti> eller --database <sti>.` }), { readonly: true, waiting: 'command' });
  if (!opened.ok) {
    printError(opened.message);
    return 2;
  }
  const { store, name: path } = opened;
  try {
    if (!await store.schema.has(GUIDE_SEARCH_LOG_MIGRATION)) {
      printError(`Databasen ${path} har endnu ingen søgelog for vejviseren: start botten én gang med den, så bliver den opdateret.`);
      return 2;
    }
    const summary = await guideSearchSummary(store, days, now);
    print(args.values.json ? JSON.stringify(summary, null, 2) : asText(guideReportSections(summary, 'da', null)));
    return 0;
  } finally {
    await store.close();
  }
}

function asText(report: ReturnType<typeof guideReportSections>): string {
  const lines = [report.title, report.period, '', ...report.facts.map((fact) => `${`${fact.title}:`.padEnd(36)} ${fact.value}`)];
  for (const section of report.sections) lines.push('', section.heading, ...(section.empty ? [`  ${section.empty}`] : section.items.map((item) => `  ${item.text}`)));
  lines.push('', report.footnote);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runGuideReport(process.argv.slice(2));
}
