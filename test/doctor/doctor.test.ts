import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrations } from '../../data/migrations/index.js';
import { migratePostgres } from '../../data/postgres/migrate.js';
import { postgresMigrations } from '../../data/postgres/migrations/index.js';
import { openDatabase } from '../../data/store/open-database.js';
import { projectFile } from '../../bot/paths/project-root.js';
import { runDoctorCommand } from '../../bot/cli/doctor.js';
import { runDoctor } from '../../bot/doctor/run-doctor.js';
import type { Finding } from '../../bot/doctor/finding.js';
import { emptyDatabase, removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import { worldEngine } from '../data/engines.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { runCliInProcess } from '../support/cli-in-process.js';
import { scratchDatabase } from '../support/postgres-scratch-database.js';
import { TEST_TENANT } from '../support/teams-activity.js';
import { rawSql, sqlRow, sqlRun } from '../support/raw-sql.js';
import { worldDatabase } from '../support/world.js';
import type { WorldDatabase } from '../support/world-database.js';

const bots: BotProcess[] = [];
afterEach(() => {
  for (const bot of bots.splice(0)) bot.child.kill('SIGKILL');
  removeTempFolders();
});

/** An hour after the world's import (import runs record the wall clock), so the import is fresh. */
const NEXT_MORNING = new Date(Date.now() + 3_600_000);
const STRONG_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const STRONG_KEY = 'k'.repeat(44);

function findingOf(findings: Finding[], check: string): Finding {
  const found = findings.filter((finding) => finding.check === check);
  expect(found, check).toHaveLength(1);
  return found[0]!;
}

/** Links a unit to a channel in chat and records the bot as installed there (an active conversation reference). */
async function giveChannel(database: WorldDatabase, unitId: string, installed = true): Promise<void> {
  const store = await database.open();
  const channelId = `19:${unitId.toLowerCase()}@thread.tacv2`;
  await store.channelLinks.link({ unitId, channelId, byEmployeeId: 'E-LENE', from: '2025-01-01' as never, now: new Date('2025-06-01T00:00:00Z') });
  if (installed) {
    const serviceUrl = 'http://127.0.0.1:1/';
    await store.conversations.remember(
      { conversationId: channelId, scope: 'channel', tenantId: TEST_TENANT, serviceUrl, teamId: '19:team@thread.tacv2', aadObjectId: null, reference: { channelId: 'msteams', serviceUrl, conversation: { id: channelId } } as never },
      new Date('2025-06-01T00:00:00Z'),
    );
  }
  await store.close();
}

const env = (database: Pick<WorldDatabase, 'env'>, extra: Record<string, string> = {}) => ({ LOCAL_MODE: 'true', ...database.env, EVENTS_WEBHOOK_SECRETS: STRONG_SECRET, ...extra });

/** `npm run doctor` as an operator runs it: the real CLI in its own process, with only the given environment. */
function doctor(environment: Record<string, string>) {
  const loader = pathToFileURL(projectFile('node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const result = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', loader, projectFile('bot', 'cli', 'doctor.ts')], { env: { PATH: process.env.PATH ?? '', ...environment }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same command through its runner in this process, given only `environment` as the process above is: for a further case of an outcome spawned already. */
function doctorInProcess(environment: Record<string, string>) {
  return runCliInProcess((argv) => runDoctorCommand(argv, { PATH: process.env.PATH ?? '', ...environment }), []);
}

describe('npm run doctor: the findings', { timeout: 60_000 }, () => {
  it('the fallback unit: no channel is an error; a channel without the bot is an error; with the bot installed it is ok', async () => {
    const database = await worldDatabase();
    expect(findingOf(await runDoctor(env(database), NEXT_MORNING), 'fallback-channel')).toEqual({
      check: 'fallback-channel',
      severity: 'error',
      text: 'Reserveenheden SPEC har ingen Teams-kanal: skriv "tilknyt SPEC" i enhedens kanal, eller sæt teams_channel_id i units.csv. Indtil da går adviser uden kanal ingen steder hen.',
    });
    await giveChannel(database, 'SPEC', false);
    expect(findingOf(await runDoctor(env(database), NEXT_MORNING), 'fallback-channel')).toMatchObject({ severity: 'error', text: expect.stringContaining('Botten er ikke installeret i reserveenheden SPECs kanal') });
    await giveChannel(database, 'SPEC');
    expect(findingOf(await runDoctor(env(database), NEXT_MORNING), 'fallback-channel')).toMatchObject({ severity: 'ok' });
  });

  it('ALERT_FALLBACK_UNIT_ID naming a unit that does not exist: an error naming it', async () => {
    const database = await worldDatabase();
    expect(findingOf(await runDoctor(env(database, { ALERT_FALLBACK_UNIT_ID: 'NOPE' }), NEXT_MORNING), 'fallback-unit')).toMatchObject({ severity: 'error', text: expect.stringContaining('Reserveenheden NOPE (ALERT_FALLBACK_UNIT_ID) findes ikke') });
  });

  it('SOF units with cases and no channel on their path: a warning naming them, ok once a parent has one', async () => {
    const database = await worldDatabase();
    expect(findingOf(await runDoctor(env(database), NEXT_MORNING), 'units-without-channel')).toMatchObject({ severity: 'warning', text: expect.stringContaining('1 SOF-enhed med sager har ingen kanal med botten på vejen op (RUS-TEAM-A)') });
    await giveChannel(database, 'RUS');
    expect(findingOf(await runDoctor(env(database), NEXT_MORNING), 'units-without-channel')).toMatchObject({ severity: 'ok' });
  });

  it('webhook secret and API keys: unset or short is a warning, long enough is ok; unusable configuration is an error per variable', async () => {
    const database = await worldDatabase();
    const weak = `whsec_${Buffer.alloc(16, 7).toString('base64')}`;
    expect(findingOf(await runDoctor(env(database, { EVENTS_WEBHOOK_SECRETS: weak }), NEXT_MORNING), 'webhook-secret')).toMatchObject({ severity: 'warning', text: expect.stringContaining('hemmelighed nr. 1 er kortere end 32 bytes') });
    expect(findingOf(await runDoctor(env(database, { EVENTS_WEBHOOK_SECRETS: '' }), NEXT_MORNING), 'webhook-secret')).toMatchObject({ severity: 'warning', text: expect.stringContaining('EVENTS_WEBHOOK_SECRETS er ikke sat') });
    expect(findingOf(await runDoctor(env(database), NEXT_MORNING), 'webhook-secret')).toMatchObject({ severity: 'ok' });
    const keys = (await runDoctor(env(database, { HOTLINE_API_KEYS: `${STRONG_KEY},${'s'.repeat(24)}`, STATUS_API_KEYS: STRONG_KEY }), NEXT_MORNING)).filter((finding) => finding.check === 'api-key-length');
    expect(keys).toEqual([
      { check: 'api-key-length', severity: 'warning', text: expect.stringContaining('HOTLINE_API_KEYS: nøgle nr. 2 er kortere end 32 tegn') },
      { check: 'api-key-length', severity: 'ok', text: 'STATUS_API_KEYS: 1 nøgle på mindst 32 tegn.' },
    ]);
    // The key itself is never shown (a secret variable).
    expect(await runDoctor(env(database, { STATUS_API_KEYS: 'short' }), NEXT_MORNING)).toEqual([
      {
        check: 'configuration',
        severity: 'error',
        text: 'Konfiguration: STATUS_API_KEYS: each key must be at least 24 characters without spaces (e.g. from "openssl rand -base64 32"); key number 1 is not. Ret variablen; botten starter ikke sådan.',
      },
    ]);
  });

  it('employees without a Teams identity: a warning naming them', async () => {
    const database = await worldDatabase();
    expect(findingOf(await runDoctor(env(database), NEXT_MORNING), 'employees-without-teams')).toMatchObject({ severity: 'ok' });
    const store = await database.open();
    const bo = (await sqlRow(store, "SELECT * FROM employee_versions WHERE employee_id = 'E-BO'"))!;
    const columns = Object.keys(bo).filter((name) => !['version_id', 'employee_id', 'aad_object_id'].includes(name));
    await sqlRun(store, `INSERT INTO employee_versions (employee_id, aad_object_id, ${columns.join(', ')}) SELECT 'E-NY', NULL, ${columns.join(', ')} FROM employee_versions WHERE employee_id = 'E-BO'`);
    await store.close();
    expect(findingOf(await runDoctor(env(database), NEXT_MORNING), 'employees-without-teams')).toMatchObject({ severity: 'warning', text: expect.stringContaining('1 medarbejder har endnu ingen Teams-identitet (E-NY)') });
  });

  it('the last import: fresh is ok, days old is a warning, never is an error', async () => {
    const database = await worldDatabase();
    expect(findingOf(await runDoctor(env(database), NEXT_MORNING), 'last-import')).toMatchObject({ severity: 'ok' });
    expect(findingOf(await runDoctor(env(database), new Date(Date.now() + 7 * 86_400_000 + 3_600_000)), 'last-import')).toMatchObject({ severity: 'warning', text: expect.stringContaining('Seneste import sluttede for 7 dage siden') });
    expect(findingOf(await runDoctor(env(await emptyDatabase()), NEXT_MORNING), 'last-import')).toMatchObject({ severity: 'error', text: 'Der er aldrig importeret data: kør npm run import -- <mappe> med CSV-filerne.' });
  });

  it('dead-lettered messages are a warning, open alerts with no channel an error', async () => {
    const database = await worldDatabase();
    const before = await runDoctor(env(database), NEXT_MORNING);
    expect([findingOf(before, 'dead-letters').severity, findingOf(before, 'unrouted-alerts').severity]).toEqual(['ok', 'ok']);
    const store = await database.open();
    await rawSql(store).atomic(async (sql) => {
      await sql.run("INSERT INTO events (webhook_id, type, occurred_at, received_at, cpr, event_date, data) VALUES ('msg_1', 'benefit.stopped', '2025-06-02T09:00:00Z', '2025-06-02T09:00:01Z', '0303703456', '2025-06-02', '{}')");
      const alert = await sql.get<{ alert_id: number }>("INSERT INTO alerts (webhook_id, unit_id, channel_id, route_reason, created_at) VALUES ('msg_1', 'RUS-TEAM-A', NULL, 'no-channel', '2025-06-02T09:00:01Z') RETURNING alert_id");
      await sql.run(
        "INSERT INTO outbox (dedupe_key, operation, conversation_id, message, alert_id, purpose, state, next_attempt_at, created_at) VALUES ('a1', 'post', '', '{}', @alertId, 'alert', 'dead', '2025-06-02T09:00:01Z', '2025-06-02T09:00:01Z')",
        { alertId: alert!.alert_id },
      );
    });
    await store.close();
    const after = await runDoctor(env(database), NEXT_MORNING);
    expect(findingOf(after, 'dead-letters')).toMatchObject({ severity: 'warning', text: expect.stringContaining('1 besked kunne ikke leveres (dead letters): se dem med "advis fejlet"') });
    expect(findingOf(after, 'unrouted-alerts')).toMatchObject({ severity: 'error', text: expect.stringContaining('1 åbne advis har ingen kanal at gå til') });
  });

  it('migrations not applied: an error saying how to apply them, and the database is left as it was; disk space next to the database is reported (SQLite; on PostgreSQL the disk is the server\'s)', async () => {
    const engine = worldEngine();
    if (engine.kind === 'postgres') {
      const scratch = await scratchDatabase(engine.url, 'brobygger_old', { force: true });
      try {
        const client = new pg.Client({ connectionString: scratch.url });
        await client.connect();
        await migratePostgres(client, postgresMigrations.slice(0, 1)).finally(() => client.end());
        const findings = await runDoctor(env({ env: { DATABASE_URL: scratch.url } }), NEXT_MORNING);
        expect(findingOf(findings, 'migrations')).toMatchObject({ severity: 'error', text: expect.stringMatching(new RegExp(`^Databasen er på migration ${postgresMigrations[0]!.version}, men denne version har \\d+: start botten eller kør npm run import`)) });
        expect(findings.map((finding) => finding.check)).not.toContain('disk-space');
        // The doctor only looked: the old instances' schema is as they left it.
        const check = new pg.Client({ connectionString: scratch.url });
        await check.connect();
        const { rows } = await check.query('SELECT max(version) AS version FROM schema_migrations').finally(() => check.end());
        expect(rows[0].version).toBe(postgresMigrations[0]!.version);
      } finally {
        await scratch.drop();
      }
      return;
    }
    const path = join(tempFolder(), 'gammel.sqlite');
    openDatabase(path, { migrations: migrations.filter((migration) => migration.version <= 10) }).close();
    const findings = await runDoctor(env({ env: { DATABASE_PATH: path } }), NEXT_MORNING);
    expect(findingOf(findings, 'migrations')).toMatchObject({ severity: 'error', text: expect.stringMatching(/^Databasen er på migration 10, men denne version har \d+: start botten eller kør npm run import/) });
    expect(['ok', 'warning', 'error']).toContain(findingOf(findings, 'disk-space').severity);
    expect(findingOf(findings, 'disk-space').text).toMatch(/MB fri plads ved databasen/);
  });
});

describe('npm run doctor: the real CLI and the start-up log', { timeout: 90_000 }, () => {
  it('exit 1 with a FEJL line when the fallback channel is missing; exit 0 once it is there (warnings alone do not fail)', async () => {
    const database = await worldDatabase();
    const failing = doctor(env(database));
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('FEJL     Reserveenheden SPEC har ingen Teams-kanal');
    expect(failing.stdout).toContain('OK       Konfigurationen er gyldig.\n');
    await giveChannel(database, 'SPEC');
    const passing = doctor(env(database));
    expect(passing.stdout).not.toContain('FEJL');
    expect(passing.stdout).toContain('ADVARSEL 1 SOF-enhed med sager har ingen kanal');
    expect(passing.code).toBe(0);
    expect(await doctorInProcess({ ...database.env })).toMatchObject({ code: 1, stdout: expect.stringContaining('FEJL     Konfiguration: MicrosoftAppId: is not set') });
  });

  it('the bot logs the same findings as warnings once it listens, and still starts', async () => {
    const database = await worldDatabase();
    const bot = await spawnBot({ ...database.env, ALLOWED_TENANT_IDS: TEST_TENANT });
    bots.push(bot);
    const deadline = Date.now() + 20_000;
    const warnings = () => bot.output.map((line) => JSON.parse(line)).filter((entry) => typeof entry.msg === 'string' && entry.msg.startsWith('doctor: '));
    while (!warnings().some((entry) => entry.check === 'units-without-channel') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warnings()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 40, check: 'fallback-channel', severity: 'error', msg: expect.stringContaining('doctor: Reserveenheden SPEC har ingen Teams-kanal') }),
        expect.objectContaining({ level: 40, check: 'webhook-secret', severity: 'warning' }),
        expect.objectContaining({ level: 40, check: 'units-without-channel', severity: 'warning' }),
      ]),
    );
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
