import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../bot/dates/iso-date.js';
import type { Db } from '../../../data/store/open-database.js';
import { createStore } from '../../../data/store/store.js';
import { CITIZENS, PEOPLE } from '../../support/world.js';
import { importFolder } from '../../../data/import/import-folder.js';
import { csvFolder, removeTempFolders, worldDb } from '../import-fixtures.js';

afterEach(removeTempFolders);

/** Every history table, with its key and a data column to try to rewrite. */
const HISTORY_TABLES = [
  { table: 'unit_versions', key: 'version_id', column: 'name', value: 'Omdøbt', supersedable: true },
  { table: 'employee_versions', key: 'version_id', column: 'unit_id', value: 'CALL', supersedable: true },
  { table: 'citizen_versions', key: 'version_id', column: 'name', value: 'Ændret Navn', supersedable: true },
  { table: 'case_versions', key: 'version_id', column: 'caseworker_id', value: 'E-LENE', supersedable: true },
  { table: 'shared_citizen_overrides', key: 'override_id', column: 'reason', value: 'omskrevet', supersedable: true },
  { table: 'audit_log', key: 'id', column: 'result', value: 'shown', supersedable: false },
  { table: 'unit_channel_links', key: 'link_id', column: 'channel_id', value: '19:other@thread.tacv2', supersedable: true },
  { table: 'events', key: 'webhook_id', column: 'data', value: '{}', supersedable: false },
  { table: 'hotline_whitelist_versions', key: 'version_id', column: 'value', value: '+4511111111', supersedable: true },
  { table: 'hotline_whitelist_chat', key: 'entry_id', column: 'value', value: '+4511111111', supersedable: true },
  { table: 'hotline_presence', key: 'presence_id', column: 'status', value: 'away', supersedable: false },
  { table: 'hotline_routings', key: 'routing_id', column: 'employee_id', value: 'E-ANNA', supersedable: false },
  { table: 'guide_entry_versions', key: 'version_id', column: 'body', value: 'omskrevet', supersedable: true },
  { table: 'announcement_revisions', key: 'revision_id', column: 'body', value: 'omskrevet', supersedable: false },
  { table: 'action_plan_versions', key: 'version_id', column: 'outcome', value: 'accepted', supersedable: true },
  { table: 'activation_versions', key: 'version_id', column: 'type', value: 'løntilskud', supersedable: true },
  { table: 'goal_target_versions', key: 'version_id', column: 'value', value: 99, supersedable: true },
] as const;

/** Period columns are history too: moving a version's end is as forbidden as editing its data. */
const PERIOD_COLUMNS = ['valid_from', 'valid_to', 'source_from', 'recorded_at'] as const;

async function historyDb(): Promise<Db> {
  const db = await worldDb();
  const store = createStore(db);
  store.sharedOverrides.record({ cpr: CITIZENS.bifOnly, shared: true, reason: 'aftalt', byEmployeeId: PEOPLE.fatima.id, from: '2025-06-02' as IsoDate, now: new Date('2025-06-02T10:00:00Z') });
  store.audit.append({
    at: new Date('2025-06-02T10:00:00Z'),
    action: 'citizen.lookup',
    purpose: 'test',
    result: 'refused',
    actorEmployeeId: PEOPLE.anna.id,
    actorAadObjectId: PEOPLE.anna.aadObjectId,
    actorAdministration: 'BIF',
    citizenCpr: CITIZENS.bifOnly,
    asOf: '2025-06-02',
  });
  store.channelLinks.link({ unitId: 'RUS', channelId: '19:rus@thread.tacv2', byEmployeeId: 'E-ADMIN', from: '2025-06-02' as IsoDate, now: new Date('2025-06-02T10:00:00Z') });
  store.hotline.addChatEntry({ kind: 'phone', value: '+4533001122', note: 'botilbud', byEmployeeId: 'E-ADMIN', from: '2025-06-02' as IsoDate, now: new Date('2025-06-02T10:00:00Z') });
  store.hotline.setPresence(PEOPLE.hanne.id, 'busy', new Date('2025-06-02T10:00:00Z'), '2025-06-02' as IsoDate);
  store.hotline.recordRouting(PEOPLE.hanne.id, new Date('2025-06-02T10:00:00Z'), 'api', null);
  const folder = csvFolder({
    'hotline_whitelist.csv': 'kind,value,note,valid_from,valid_to\nphone,33 00 11 22,Botilbud,2025-01-01,\n',
    'guide.csv': 'id,title,body,keywords,unit_id,url,valid_from,valid_to\nhotline,Hotline,Ring direkte.,hotline|telefon,CALL,,2025-01-01,\n',
    'action_plans.csv': 'cpr,offered_date,outcome,completed_date\n010190-1234,2025-03-01,declined,\n',
    'activations.csv': 'cpr,from,to,type\n010190-1234,2025-03-01,,virksomhedspraktik\n',
  });
  const report = await importFolder(db, folder, { now: new Date('2025-06-02T10:00:00Z') });
  if (!report.ok) throw new Error(JSON.stringify(report.problems));
  store.announcements.create({ kind: 'message', state: 'active', title: 'Netværksmøde', body: 'Kom!', url: null, audience: { all: true }, delivery: 'channels', sendAt: null, recurrence: null, source: 'api', createdBy: 'api', senderConversationId: null, now: new Date('2025-06-02T10:00:00Z') });
  store.events.insertIfNew({ webhookId: 'msg_1', type: 'benefit.stopped', occurredAt: '2025-06-02T09:00:00Z', receivedAt: '2025-06-02T09:00:01Z', cpr: CITIZENS.shared, eventDate: '2025-06-02', data: { cpr: CITIZENS.shared } });
  return db;
}

const firstRow = (db: Db, table: string, key: string) => db.prepare(`SELECT * FROM ${table} ORDER BY ${key} LIMIT 1`).get() as Record<string, unknown>;

describe.each(HISTORY_TABLES)('$table is append-only', ({ table, key, column, value, supersedable }) => {
  let db: Db;
  let row: Record<string, unknown>;
  beforeEach(async () => {
    db = await historyDb();
    row = firstRow(db, table, key);
  });

  it(`refuses UPDATE of ${column}`, () => {
    expect(() => db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`).run(value, row[key])).toThrow(`${table} is append-only: history cannot be rewritten`);
    expect(firstRow(db, table, key)).toEqual(row);
  });

  it('refuses UPDATE that sets a column to its own value', () => {
    expect(() => db.prepare(`UPDATE ${table} SET ${column} = ${column} WHERE ${key} = ?`).run(row[key])).toThrow('history cannot be rewritten');
  });

  it('refuses DELETE of one row and of all rows', () => {
    const count = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect(() => db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`).run(row[key])).toThrow(`${table} is append-only: rows cannot be deleted`);
    expect(() => db.exec(`DELETE FROM ${table}`)).toThrow('rows cannot be deleted');
    expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(count);
  });

  it('refuses INSERT OR REPLACE over an existing row', () => {
    const columns = Object.keys(row);
    const replacement = { ...row, [column]: value };
    expect(() => db.prepare(`INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(replacement)).toThrow('rows cannot be deleted');
    expect(() => db.prepare(`REPLACE INTO ${table} SELECT * FROM ${table} WHERE ${key} = ?`).run(row[key])).toThrow('rows cannot be deleted');
    expect(() =>
      db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')}) ON CONFLICT(${key}) DO UPDATE SET ${column} = excluded.${column}`).run(replacement),
    ).toThrow('history cannot be rewritten');
    expect(firstRow(db, table, key)).toEqual(row);
  });

  if (supersedable) {
    it.each(PERIOD_COLUMNS.filter((name) => !((table === 'shared_citizen_overrides' || table === 'unit_channel_links' || table === 'hotline_whitelist_chat') && name === 'source_from')))('refuses UPDATE of %s', (name) => {
      expect(() => db.prepare(`UPDATE ${table} SET ${name} = '2000-01-01' WHERE ${key} = ?`).run(row[key])).toThrow('history cannot be rewritten');
    });

    it('lets superseded_at be set once, never again and never back to NULL', () => {
      expect(row.superseded_at).toBeNull();
      expect(db.prepare(`UPDATE ${table} SET superseded_at = ? WHERE ${key} = ?`).run('2025-07-01T00:00:00.000Z', row[key]).changes).toBe(1);
      expect(() => db.prepare(`UPDATE ${table} SET superseded_at = ? WHERE ${key} = ?`).run('2025-08-01T00:00:00.000Z', row[key])).toThrow(`${table}: a version can be superseded only once`);
      expect(() => db.prepare(`UPDATE ${table} SET superseded_at = NULL WHERE ${key} = ?`).run(row[key])).toThrow('superseded only once');
      expect(firstRow(db, table, key)).toEqual({ ...row, superseded_at: '2025-07-01T00:00:00.000Z' });
    });

    it('refuses setting superseded_at to NULL on a current version', () => {
      expect(() => db.prepare(`UPDATE ${table} SET superseded_at = NULL WHERE ${key} = ?`).run(row[key])).toThrow('superseded only once');
    });
  } else {
    it('has no superseded_at to set', () => {
      expect(() => db.prepare(`UPDATE ${table} SET superseded_at = 'x'`).run()).toThrow(/no such column: superseded_at/);
    });
  }
});

describe('history tables: coverage', () => {
  it('every table with a superseded_at column, the audit log, the received events, the hotline logs and announcement revisions are covered above and have their triggers', async () => {
    const db = await historyDb();
    const withSuperseded = db
      .prepare("SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'superseded_at') ORDER BY m.name")
      .pluck()
      .all() as string[];
    expect([...withSuperseded, 'audit_log', 'events', 'hotline_presence', 'hotline_routings', 'announcement_revisions'].sort()).toEqual(HISTORY_TABLES.map((entry) => entry.table).sort());
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(triggers).toEqual(
      HISTORY_TABLES.flatMap(({ table, supersedable }) => [`${table}_no_delete`, `${table}_no_rewrite`, ...(supersedable ? [`${table}_supersede_once`] : [])]).sort(),
    );
  });
});
