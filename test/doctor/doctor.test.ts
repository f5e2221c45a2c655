import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../data/migrations/index.js';
import { openDatabase } from '../../data/store/open-database.js';
import { createStore } from '../../data/store/store.js';
import { projectFile } from '../../bot/paths/project-root.js';
import { runDoctor } from '../../bot/doctor/run-doctor.js';
import type { Finding } from '../../bot/doctor/finding.js';
import { removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { TEST_TENANT } from '../support/teams-activity.js';
import { worldDatabaseFile } from '../support/world.js';

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
async function giveChannel(path: string, unitId: string, installed = true): Promise<void> {
  const store = createStore(openDatabase(path));
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

function sql(path: string, text: string): void {
  const db = openDatabase(path);
  db.exec(text);
  db.close();
}

const env = (path: string, extra: Record<string, string> = {}) => ({ LOCAL_MODE: 'true', DATABASE_PATH: path, EVENTS_WEBHOOK_SECRETS: STRONG_SECRET, ...extra });

/** `npm run doctor` as an operator runs it: the real CLI in its own process, with only the given environment. */
function doctor(environment: Record<string, string>) {
  const loader = pathToFileURL(projectFile('node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const result = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', loader, projectFile('bot', 'cli', 'doctor.ts')], { env: { PATH: process.env.PATH ?? '', ...environment }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run doctor: the findings', { timeout: 60_000 }, () => {
  it('the fallback unit: no channel is an error; a channel without the bot is an error; with the bot installed it is ok', async () => {
    const path = await worldDatabaseFile();
    expect(findingOf(await runDoctor(env(path), NEXT_MORNING), 'fallback-channel')).toEqual({
      check: 'fallback-channel',
      severity: 'error',
      text: 'Reserveenheden SPEC har ingen Teams-kanal: skriv "tilknyt SPEC" i enhedens kanal, eller sæt teams_channel_id i units.csv. Indtil da går adviser uden kanal ingen steder hen.',
    });
    await giveChannel(path, 'SPEC', false);
    expect(findingOf(await runDoctor(env(path), NEXT_MORNING), 'fallback-channel')).toMatchObject({ severity: 'error', text: expect.stringContaining('Botten er ikke installeret i reserveenheden SPECs kanal') });
    await giveChannel(path, 'SPEC');
    expect(findingOf(await runDoctor(env(path), NEXT_MORNING), 'fallback-channel')).toMatchObject({ severity: 'ok' });
  });

  it('ALERT_FALLBACK_UNIT_ID naming a unit that does not exist: an error naming it', async () => {
    const path = await worldDatabaseFile();
    expect(findingOf(await runDoctor(env(path, { ALERT_FALLBACK_UNIT_ID: 'NOPE' }), NEXT_MORNING), 'fallback-unit')).toMatchObject({ severity: 'error', text: expect.stringContaining('Reserveenheden NOPE (ALERT_FALLBACK_UNIT_ID) findes ikke') });
  });

  it('SOF units with cases and no channel on their path: a warning naming them, ok once a parent has one', async () => {
    const path = await worldDatabaseFile();
    expect(findingOf(await runDoctor(env(path), NEXT_MORNING), 'units-without-channel')).toMatchObject({ severity: 'warning', text: expect.stringContaining('1 SOF-enhed med sager har ingen kanal med botten på vejen op (RUS-TEAM-A)') });
    await giveChannel(path, 'RUS');
    expect(findingOf(await runDoctor(env(path), NEXT_MORNING), 'units-without-channel')).toMatchObject({ severity: 'ok' });
  });

  it('webhook secret and API keys: unset or short is a warning, long enough is ok; unusable configuration is an error per variable', async () => {
    const path = await worldDatabaseFile();
    const weak = `whsec_${Buffer.alloc(16, 7).toString('base64')}`;
    expect(findingOf(await runDoctor(env(path, { EVENTS_WEBHOOK_SECRETS: weak }), NEXT_MORNING), 'webhook-secret')).toMatchObject({ severity: 'warning', text: expect.stringContaining('hemmelighed nr. 1 er kortere end 32 bytes') });
    expect(findingOf(await runDoctor(env(path, { EVENTS_WEBHOOK_SECRETS: '' }), NEXT_MORNING), 'webhook-secret')).toMatchObject({ severity: 'warning', text: expect.stringContaining('EVENTS_WEBHOOK_SECRETS er ikke sat') });
    expect(findingOf(await runDoctor(env(path), NEXT_MORNING), 'webhook-secret')).toMatchObject({ severity: 'ok' });
    const keys = (await runDoctor(env(path, { HOTLINE_API_KEYS: `${STRONG_KEY},${'s'.repeat(24)}`, STATUS_API_KEYS: STRONG_KEY }), NEXT_MORNING)).filter((finding) => finding.check === 'api-key-length');
    expect(keys).toEqual([
      { check: 'api-key-length', severity: 'warning', text: expect.stringContaining('HOTLINE_API_KEYS: nøgle nr. 2 er kortere end 32 tegn') },
      { check: 'api-key-length', severity: 'ok', text: 'STATUS_API_KEYS: 1 nøgle på mindst 32 tegn.' },
    ]);
    // The key itself is never shown (a secret variable).
    expect(await runDoctor(env(path, { STATUS_API_KEYS: 'short' }), NEXT_MORNING)).toEqual([
      {
        check: 'configuration',
        severity: 'error',
        text: 'Konfiguration: STATUS_API_KEYS: each key must be at least 24 characters without spaces (e.g. from "openssl rand -base64 32"); key number 1 is not. Ret variablen; botten starter ikke sådan.',
      },
    ]);
  });

  it('employees without a Teams identity: a warning naming them', async () => {
    const path = await worldDatabaseFile();
    expect(findingOf(await runDoctor(env(path), NEXT_MORNING), 'employees-without-teams')).toMatchObject({ severity: 'ok' });
    const db = openDatabase(path);
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('employee_versions') as string[]).filter((name) => !['version_id', 'employee_id', 'aad_object_id'].includes(name));
    db.exec(`INSERT INTO employee_versions (employee_id, aad_object_id, ${columns.join(', ')}) SELECT 'E-NY', NULL, ${columns.join(', ')} FROM employee_versions WHERE employee_id = 'E-BO'`);
    db.close();
    expect(findingOf(await runDoctor(env(path), NEXT_MORNING), 'employees-without-teams')).toMatchObject({ severity: 'warning', text: expect.stringContaining('1 medarbejder har endnu ingen Teams-identitet (E-NY)') });
  });

  it('the last import: fresh is ok, days old is a warning, never is an error', async () => {
    const path = await worldDatabaseFile();
    expect(findingOf(await runDoctor(env(path), NEXT_MORNING), 'last-import')).toMatchObject({ severity: 'ok' });
    expect(findingOf(await runDoctor(env(path), new Date(Date.now() + 7 * 86_400_000 + 3_600_000)), 'last-import')).toMatchObject({ severity: 'warning', text: expect.stringContaining('Seneste import sluttede for 7 dage siden') });
    const empty = join(tempFolder(), 'tom.sqlite');
    openDatabase(empty).close();
    expect(findingOf(await runDoctor(env(empty), NEXT_MORNING), 'last-import')).toMatchObject({ severity: 'error', text: 'Der er aldrig importeret data: kør npm run import -- <mappe> med CSV-filerne.' });
  });

  it('dead-lettered messages are a warning, open alerts with no channel an error', async () => {
    const path = await worldDatabaseFile();
    const before = await runDoctor(env(path), NEXT_MORNING);
    expect([findingOf(before, 'dead-letters').severity, findingOf(before, 'unrouted-alerts').severity]).toEqual(['ok', 'ok']);
    sql(
      path,
      `INSERT INTO events (webhook_id, type, occurred_at, received_at, cpr, event_date, data) VALUES ('msg_1', 'benefit.stopped', '2025-06-02T09:00:00Z', '2025-06-02T09:00:01Z', '0303703456', '2025-06-02', '{}');
       INSERT INTO alerts (webhook_id, unit_id, channel_id, route_reason, created_at) VALUES ('msg_1', 'RUS-TEAM-A', NULL, 'no-channel', '2025-06-02T09:00:01Z');
       INSERT INTO outbox (dedupe_key, operation, conversation_id, message, alert_id, purpose, state, next_attempt_at, created_at) VALUES ('a1', 'post', '', '{}', 1, 'alert', 'dead', '2025-06-02T09:00:01Z', '2025-06-02T09:00:01Z');`,
    );
    const after = await runDoctor(env(path), NEXT_MORNING);
    expect(findingOf(after, 'dead-letters')).toMatchObject({ severity: 'warning', text: expect.stringContaining('1 besked kunne ikke leveres (dead letters): se dem med "advis fejlet"') });
    expect(findingOf(after, 'unrouted-alerts')).toMatchObject({ severity: 'error', text: expect.stringContaining('1 åbne advis har ingen kanal at gå til') });
  });

  it('migrations not applied: an error saying how to apply them; disk space next to the database is always reported', async () => {
    const path = join(tempFolder(), 'gammel.sqlite');
    openDatabase(path, { migrations: migrations.filter((migration) => migration.version <= 10) }).close();
    const findings = await runDoctor(env(path), NEXT_MORNING);
    expect(findingOf(findings, 'migrations')).toMatchObject({ severity: 'error', text: expect.stringMatching(/^Databasen er på migration 10, men denne version har \d+: start botten eller kør npm run import/) });
    expect(['ok', 'warning', 'error']).toContain(findingOf(findings, 'disk-space').severity);
    expect(findingOf(findings, 'disk-space').text).toMatch(/MB fri plads ved databasen/);
  });
});

describe('npm run doctor: the real CLI and the start-up log', { timeout: 90_000 }, () => {
  it('exit 1 with a FEJL line when the fallback channel is missing; exit 0 once it is there (warnings alone do not fail)', async () => {
    const path = await worldDatabaseFile();
    const failing = doctor(env(path));
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('FEJL     Reserveenheden SPEC har ingen Teams-kanal');
    expect(failing.stdout).toContain('OK       Konfigurationen er gyldig.\n');
    await giveChannel(path, 'SPEC');
    const passing = doctor(env(path));
    expect(passing.stdout).not.toContain('FEJL');
    expect(passing.stdout).toContain('ADVARSEL 1 SOF-enhed med sager har ingen kanal');
    expect(passing.code).toBe(0);
    expect(doctor({ DATABASE_PATH: path })).toMatchObject({ code: 1, stdout: expect.stringContaining('FEJL     Konfiguration: MicrosoftAppId: is not set') });
  });

  it('the bot logs the same findings as warnings once it listens, and still starts', async () => {
    const path = await worldDatabaseFile();
    const bot = await spawnBot({ DATABASE_PATH: path, ALLOWED_TENANT_IDS: TEST_TENANT });
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
