import type { IsoDate } from '../../../domain/dates/iso-date.js';
import { importFolder } from '../../../data/import/import-folder.js';
import type { Db } from '../../../data/store/open-database.js';
import { createStore } from '../../../data/store/store.js';
import { CITIZENS, PEOPLE } from '../../support/world.js';
import { csvFolder, worldDb } from '../import-fixtures.js';

/** Every history table, with its key and a data column to try to rewrite. */
export const HISTORY_TABLES = [
  { table: 'unit_versions', key: 'version_id', column: 'name', value: 'Omdøbt', supersedable: true },
  { table: 'employee_versions', key: 'version_id', column: 'unit_id', value: 'CALL', supersedable: true },
  { table: 'citizen_versions', key: 'version_id', column: 'name', value: 'Ændret Navn', supersedable: true },
  { table: 'case_versions', key: 'version_id', column: 'caseworker_id', value: 'E-LENE', supersedable: true },
  { table: 'shared_citizen_overrides', key: 'override_id', column: 'reason', value: 'omskrevet', supersedable: true },
  { table: 'audit_log', key: 'id', column: 'result', value: 'shown', supersedable: false },
  { table: 'audit_chain_anchor', key: 'id', column: 'hash', value: 'f'.repeat(64), supersedable: false },
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
  { table: 'guide_synonym_versions', key: 'version_id', column: 'means', value: 'omskrevet', supersedable: true },
  { table: 'consent_versions', key: 'version_id', column: 'withdrawn_on', value: '2025-04-01', supersedable: true },
  { table: 'employee_aad_links', key: 'link_id', column: 'employee_id', value: 'E-ANNA', supersedable: true },
] as const;

/** Period columns are history too: moving a version's end is as forbidden as editing its data. */
export const PERIOD_COLUMNS = ['valid_from', 'valid_to', 'source_from', 'recorded_at'] as const;

/** The world with at least one row in every history table (its temp folders go with `removeTempFolders`). */
export async function historyDb(): Promise<Db> {
  const db = await worldDb();
  const store = createStore(db);
  await store.sharedOverrides.record({ cpr: CITIZENS.bifOnly, shared: true, reason: 'aftalt', byEmployeeId: PEOPLE.fatima.id, from: '2025-06-02' as IsoDate, now: new Date('2025-06-02T10:00:00Z') });
  await store.audit.append({
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
  await store.channelLinks.link({ unitId: 'RUS', channelId: '19:rus@thread.tacv2', byEmployeeId: 'E-ADMIN', from: '2025-06-02' as IsoDate, now: new Date('2025-06-02T10:00:00Z') });
  await store.hotline.addChatEntry({ kind: 'phone', value: '+4533001122', note: 'botilbud', byEmployeeId: 'E-ADMIN', from: '2025-06-02' as IsoDate, now: new Date('2025-06-02T10:00:00Z') });
  await store.hotline.setPresence(PEOPLE.hanne.id, 'busy', new Date('2025-06-02T10:00:00Z'), '2025-06-02' as IsoDate);
  await store.hotline.recordRouting(PEOPLE.hanne.id, new Date('2025-06-02T10:00:00Z'), 'api', null);
  const folder = csvFolder({
    'hotline_whitelist.csv': 'kind,value,note,valid_from,valid_to\nphone,33 00 11 22,Botilbud,2025-01-01,\n',
    'guide.csv': 'id,title,body,keywords,unit_id,url,valid_from,valid_to\nhotline,Hotline,Ring direkte.,hotline|telefon,CALL,,2025-01-01,\n',
    'action_plans.csv': 'cpr,offered_date,outcome,completed_date\n010190-1234,2025-03-01,declined,\n',
    'activations.csv': 'cpr,from,to,type\n010190-1234,2025-03-01,,virksomhedspraktik\n',
    'guide_synonyms.csv': 'word,means,valid_from,valid_to\njc,jobcenter,2025-01-01,\n',
    'consents.csv': 'cpr,purpose,given_on,expires_on,withdrawn_on,reference\n010190-1234,bif_sof_sharing,2025-03-01,,,DS-1\n',
  });
  const report = await importFolder(db, folder, { now: new Date('2025-06-02T10:00:00Z') });
  if (!report.ok) throw new Error(JSON.stringify(report.problems));
  await store.announcements.create({ kind: 'message', state: 'active', title: 'Netværksmøde', body: 'Kom!', url: null, audience: { all: true }, delivery: 'channels', sendAt: null, recurrence: null, source: 'api', createdBy: 'api', senderConversationId: null, now: new Date('2025-06-02T10:00:00Z') });
  db.prepare("INSERT INTO employee_aad_links (aad_object_id, employee_id, upn, linked_at) VALUES ('00000000-0000-0000-0000-00000000aa01', 'E-HANNE', 'hanne@demo.kk.dk', '2025-06-02T10:00:00.000Z')").run();
  await store.events.insertIfNew({ webhookId: 'msg_1', type: 'benefit.stopped', occurredAt: '2025-06-02T09:00:00Z', receivedAt: '2025-06-02T09:00:01Z', cpr: CITIZENS.shared, eventDate: '2025-06-02', data: { cpr: CITIZENS.shared } });
  return db;
}

export const firstRow = (db: Db, table: string, key: string) => db.prepare(`SELECT * FROM ${table} ORDER BY ${key} LIMIT 1`).get() as Record<string, unknown>;
