import type { IsoDate } from '../../domain/dates/iso-date.js';
import type { Sql } from '../sql/sql.js';
import { inForceOn } from '../validity/in-force.js';
import { replaceOpenEnded } from '../validity/replace-open-ended.js';

export type Presence = 'available' | 'busy' | 'away';
export type WhitelistKind = 'phone' | 'aad';
export type WhitelistEntry = { kind: WhitelistKind; value: string; note: string | null; source: 'file' | 'chat'; validFrom: string; validTo: string | null };

type ChatEntryRow = { entry_id: number; kind: WhitelistKind; value: string; note: string | null; by_employee_id: string; valid_from: string; valid_to: string | null };

type FileEntryRow = { note: string | null; valid_from: string; valid_to: string | null };
type EntryRow = { kind: WhitelistKind; value: string; note: string | null; source: 'file' | 'chat'; valid_from: string; valid_to: string | null };

const FILE_ENTRY = `SELECT w.note, w.valid_from, w.valid_to FROM hotline_whitelist_versions w
  WHERE w.kind = @kind AND w.value = @value AND ${inForceOn('w')} ORDER BY w.source_from, w.version_id LIMIT 1`;
const CHAT_ENTRY = `SELECT w.* FROM hotline_whitelist_chat w WHERE w.kind = @kind AND w.value = @value AND ${inForceOn('w')} ORDER BY w.entry_id DESC LIMIT 1`;
const OPEN_CHAT_ENTRY =
  'SELECT * FROM hotline_whitelist_chat WHERE kind = @kind AND value = @value AND superseded_at IS NULL AND valid_to IS NULL ORDER BY entry_id DESC LIMIT 1';
const SUPERSEDE_CHAT = 'UPDATE hotline_whitelist_chat SET superseded_at = @now WHERE entry_id = @id AND superseded_at IS NULL';
const INSERT_CHAT = `INSERT INTO hotline_whitelist_chat (kind, value, note, by_employee_id, valid_from, valid_to, recorded_at)
  VALUES (@kind, @value, @note, @by, @from, @to, @now)`;
const ALL_IN_FORCE = `
  SELECT w.kind, w.value, w.note, 'file' AS source, w.valid_from, w.valid_to FROM hotline_whitelist_versions w WHERE ${inForceOn('w')}
  UNION ALL
  SELECT c.kind, c.value, c.note, 'chat' AS source, c.valid_from, c.valid_to FROM hotline_whitelist_chat c WHERE ${inForceOn('c')}
  ORDER BY 1, 2, 4, 5`;
const PRESENCE_OF = `SELECT p.employee_id, p.status FROM hotline_presence p
  WHERE p.day = @day AND p.presence_id = (SELECT max(q.presence_id) FROM hotline_presence q WHERE q.employee_id = p.employee_id AND q.day = @day)`;
const INSERT_PRESENCE = 'INSERT INTO hotline_presence (employee_id, status, set_at, day) VALUES (@employeeId, @status, @at, @day)';
// One index lookup per agent: the routing log grows with every call and is never pruned.
const LAST_ROUTED = 'SELECT max(routed_at) AS routed_at FROM hotline_routings WHERE employee_id = @employeeId';
const INSERT_ROUTING = 'INSERT INTO hotline_routings (routed_at, employee_id, via, topic) VALUES (@at, @employeeId, @via, @topic)';
const SOF_UNIT_BY_PHONE = `SELECT u.unit_id FROM unit_versions u WHERE u.phone = @phone AND u.administration = 'SOF' AND ${inForceOn('u')} ORDER BY u.unit_id LIMIT 1`;

/** The hotline's state: explicit whitelist entries (file and chat), agents' presence, and routing history. */
export class HotlineRepository {
  constructor(private readonly sql: Sql) {}

  /** The explicit entry in force for the value (file entries first), or null. */
  async explicitEntry(kind: WhitelistKind, value: string, asOf: string): Promise<WhitelistEntry | null> {
    const file = await this.sql.get<FileEntryRow>(FILE_ENTRY, { kind, value, asOf });
    if (file) return { kind, value, note: file.note, source: 'file', validFrom: file.valid_from, validTo: file.valid_to };
    const chat = await this.sql.get<ChatEntryRow>(CHAT_ENTRY, { kind, value, asOf });
    return chat ? { kind, value, note: chat.note, source: 'chat', validFrom: chat.valid_from, validTo: chat.valid_to } : null;
  }

  /** Every explicit entry in force on the date, from the file and from chat. */
  async entriesInForce(asOf: string): Promise<WhitelistEntry[]> {
    return (await this.sql.all<EntryRow>(ALL_IN_FORCE, { asOf })).map((row) => ({
      kind: row.kind,
      value: row.value,
      note: row.note,
      source: row.source,
      validFrom: row.valid_from,
      validTo: row.valid_to,
    }));
  }

  /** Adds a chat entry from `from` until further notice (an open entry for the same value is replaced). */
  async addChatEntry(input: { kind: WhitelistKind; value: string; note: string | null; byEmployeeId: string; from: IsoDate; now: Date }): Promise<void> {
    const now = input.now.toISOString();
    await this.sql.atomic(async (sql) => {
      await replaceOpenEnded(await sql.get<ChatEntryRow>(OPEN_CHAT_ENTRY, { kind: input.kind, value: input.value }), input.from, {
        supersede: (open) => sql.run(SUPERSEDE_CHAT, { id: open.entry_id, now }),
        insertClosed: (open, to) => sql.run(INSERT_CHAT, { kind: open.kind, value: open.value, note: open.note, by: open.by_employee_id, from: open.valid_from, to, now }),
        insertNew: () => sql.run(INSERT_CHAT, { kind: input.kind, value: input.value, note: input.note, by: input.byEmployeeId, from: input.from, to: null, now }),
      });
    });
  }

  /** Ends the open chat entry for the value the day before `from`; false when there is none. */
  async endChatEntry(input: { kind: WhitelistKind; value: string; from: IsoDate; now: Date }): Promise<boolean> {
    const now = input.now.toISOString();
    return this.sql.atomic(async (sql) => {
      const open = await sql.get<ChatEntryRow>(OPEN_CHAT_ENTRY, { kind: input.kind, value: input.value });
      if (!open) return false;
      await replaceOpenEnded(open, input.from, {
        supersede: (row) => sql.run(SUPERSEDE_CHAT, { id: row.entry_id, now }),
        insertClosed: (row, to) => sql.run(INSERT_CHAT, { kind: row.kind, value: row.value, note: row.note, by: row.by_employee_id, from: row.valid_from, to, now }),
        insertNew: async () => undefined,
      });
      return true;
    });
  }

  /** The SOF unit whose switchboard number this is on the date, or null. */
  async sofUnitWithPhone(phone: string, asOf: string): Promise<string | null> {
    return (await this.sql.get<{ unit_id: string }>(SOF_UNIT_BY_PHONE, { phone, asOf }))?.unit_id ?? null;
  }

  /** What each agent who said anything today said last. */
  async presenceOn(day: IsoDate): Promise<Map<string, Presence>> {
    return new Map((await this.sql.all<{ employee_id: string; status: Presence }>(PRESENCE_OF, { day })).map((row) => [row.employee_id, row.status]));
  }

  async setPresence(employeeId: string, status: Presence, at: Date, day: IsoDate): Promise<void> {
    await this.sql.run(INSERT_PRESENCE, { employeeId, status, at: at.toISOString(), day });
  }

  /** When the agent was last routed to (an ISO instant), or null if never. */
  async lastRoutedAt(employeeId: string): Promise<string | null> {
    return (await this.sql.get<{ routed_at: string | null }>(LAST_ROUTED, { employeeId }))?.routed_at ?? null;
  }

  async recordRouting(employeeId: string, at: Date, via: 'api' | 'chat', topic: string | null): Promise<void> {
    await this.sql.run(INSERT_ROUTING, { at: at.toISOString(), employeeId, via, topic });
  }
}
