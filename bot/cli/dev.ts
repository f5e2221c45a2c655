import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { createBrobygger } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { warmGuideSpelling } from '../guide/spelling/warm-at-start.js';
import { createLogger } from '../log/logger.js';
import { projectFile } from '../paths/project-root.js';
import { lastCompleteMonth } from '../status/month.js';
import { formatProblem } from '../../data/import/import-problem.js';
import { openStore } from '../../data/store/store.js';
import { DEMO_DATABASE } from './audit-database.js';
import { print, printError } from './cli-output.js';
import { playgroundConfig, startPlayground } from './playground.js';
import { rememberPlaygroundConversations } from './playground-conversations.js';

const USAGE = `Brug: npm run dev [-- --as anna|mads|fatima|jonas|birgitte|hanne|lars] [--english]

Starter Brobygger med demodata (data/demo) og Microsoft 365 Agents Playground på http://localhost:56150.
  --as <bruger>   chat som en anden demobruger (standard: anna, BIF-sagsbehandler)
  --english       svar på engelsk (Playground sender altid en-US; som standard svarer botten på dansk)`;

const TRY: Record<string, string> = {
  anna: '120385-1127 (fællesborger, grøn linie), 311275-0456 (kun SOF: afvises), "281080-1765 pr. 2024-06-01", "vejviser misbrug", "hotline" (BIF: ikke på hvidlisten)',
  mads: '120385-1127, 311275-0456 (kun SOF), 220893-1985 (kun BIF: afvises), "hotline sygedagpenge", "hvem tager sig af enkeltydelser"',
  fatima: '120385-1127 (fællesborger), 220893-1985 (ikke fællesborger: afvises), "marker 220893-1985 aftalt på netværksmøde", "meddelelse", "status"',
  jonas: '120385-1127 (afvises: ikke medarbejder)',
  birgitte: '"status" (strategiens mål for sidste hele måned), "status oktober 2025", 120385-1127 (afvises: leder uden sagsbehandlerrolle)',
  hanne: '120385-1127 (afvises: hotline-rollen giver ikke opslag), "hotline optaget", "hotline tilgængelig"',
  lars: '"hjælp" (administratorens kommandoer), "meddelelser", "advis fejlet", "hotline hvidliste"',
};

/** Only for the local demo; production secrets come from EVENTS_WEBHOOK_SECRETS. */
const DEMO_WEBHOOK_SECRET = 'whsec_YnJvYnlnZ2VyLWRlbW8tc2VjcmV0LTI0Yg==';
/** Only for the local demo; production keys come from HOTLINE_API_KEYS. */
const DEMO_HOTLINE_KEY = 'brobygger-demo-hotline-key-2026';
/** Only for the local demo; production keys come from ANNOUNCEMENT_API_KEYS. */
const DEMO_ANNOUNCEMENT_KEY = 'brobygger-demo-announcement-key-2026';
/** Only for the local demo; production keys come from STATUS_API_KEYS. */
const DEMO_STATUS_KEY = 'brobygger-demo-status-key-2026';
/** Where `npm run dev` serves GET /metrics (Prometheus' usual exporter port), unless METRICS_PORT says otherwise. */
const DEV_METRICS_PORT = 9464;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { as: { type: 'string' }, english: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) return print(USAGE);
  const playgroundSettings = playgroundConfig(values.as);
  const databasePath = process.env.DATABASE_PATH ?? DEMO_DATABASE;
  const store = await openStore(databasePath);
  const report = await store.importFolder(projectFile('data', 'demo'), { now: new Date() });
  if (!report.ok) {
    report.problems.forEach((problem) => printError(formatProblem(problem)));
    throw new Error('The demo data could not be imported.');
  }
  print(`Demodata indlæst i ${databasePath}: ${report.files.map((file) => `${file.file} ${file.rows}`).join(', ')}`);

  const config = loadConfig({
    ...process.env,
    LOCAL_MODE: 'true',
    DATABASE_PATH: databasePath,
    // The demo is SQLite's (its data is imported, which PostgreSQL cannot do yet): the log line says which file.
    DATABASE_URL: '',
    ALLOWED_TENANT_IDS: process.env.ALLOWED_TENANT_IDS ?? playgroundSettings.tenantId,
    LOCALE_OVERRIDE: values.english ? '' : (process.env.LOCALE_OVERRIDE ?? 'da'),
    EVENTS_WEBHOOK_SECRETS: process.env.EVENTS_WEBHOOK_SECRETS ?? DEMO_WEBHOOK_SECRET,
    HOTLINE_API_KEYS: process.env.HOTLINE_API_KEYS ?? DEMO_HOTLINE_KEY,
    ANNOUNCEMENT_API_KEYS: process.env.ANNOUNCEMENT_API_KEYS ?? DEMO_ANNOUNCEMENT_KEY,
    STATUS_API_KEYS: process.env.STATUS_API_KEYS ?? DEMO_STATUS_KEY,
    METRICS_PORT: process.env.METRICS_PORT ?? String(await freeOr(DEV_METRICS_PORT)),
    METRICS_HOST: process.env.METRICS_HOST ?? '127.0.0.1',
  });
  const log = createLogger({ level: config.LOG_LEVEL });
  const app = await createBrobygger({ config, log, store });
  await warmGuideSpelling(config.GUIDE_SPELLING_DICTIONARY, log);
  const botUrl = await app.listen(config.PORT, '127.0.0.1');
  const playground = await startPlayground({
    botEndpoint: `${botUrl}/api/messages`,
    port: Number(process.env.PLAYGROUND_PORT ?? 56150),
    workDir: projectFile('var', 'playground'),
    config: playgroundSettings,
  });
  await rememberPlaygroundConversations(store, playgroundSettings as Parameters<typeof rememberPlaygroundConversations>[1], `${playground.url.replace(/\/$/, '')}/_connector`, new Date());
  const who = playgroundSettings.currentUser;
  print(`\nBrobygger kører på ${botUrl}. Åbn ${playground.url} i en browser.`);
  // Written unredacted on purpose: these are the synthetic demo numbers from data/demo, to be typed into the chat.
  process.stdout.write(`Du chatter som ${who.name}. Prøv: ${TRY[who.id.replace('29:', '')] ?? '120385-1127'}. Skriv "hjælp" for hjælp.\n`);
  print(`Advis: POST ${botUrl}/api/events, signeret med demo-hemmeligheden ${DEMO_WEBHOOK_SECRET} (se README, "Alerts").`);
  print(`Hotline: curl -H "Authorization: Bearer ${DEMO_HOTLINE_KEY}" "${botUrl}/api/hotline/route?caller=33006001&topic=sygedagpenge"`);
  print(`Meddelelse: curl -H "Authorization: Bearer ${DEMO_ANNOUNCEMENT_KEY}" -H "content-type: application/json" -d '{"title":"Netværksmøde","text":"Tirsdag kl. 9","audience":{"all":true},"delivery":"channels"}' ${botUrl}/api/announcements`);
  print(`Status: curl -H "Authorization: Bearer ${DEMO_STATUS_KEY}" "${botUrl}/api/status?month=${lastCompleteMonth(new Date())}"`);
  print(`Metrics: curl ${app.metricsUrl()}`);
  print('Skift bruger: npm run dev -- --as anna|mads|fatima|jonas|birgitte|hanne|lars. Stop med Ctrl-C.\n');

  const stop = async () => {
    await playground.stop();
    await app.shutdown(5000);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** Prometheus' usual exporter port, unless something (another dev run) holds it: then any free port. */
async function freeOr(port: number): Promise<number> {
  const probe = createServer();
  const free = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (free) await new Promise((resolve) => probe.close(resolve));
  return free ? port : 0;
}

main().catch(async (error: unknown) => {
  printError(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
