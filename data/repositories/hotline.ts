import type { IsoDate } from '../../domain/dates/iso-date.js';
import type { Db } from '../store/open-database.js';
import { inForceOn } from '../validity/in-force.js';
import { replaceOpenEnded } from '../validity/replace-open-ended.js';

export type Presence = 'available' | 'busy' | 'away';
export type WhitelistKind = 'phone' | 'aad';
export type WhitelistEntry = { kind: WhitelistKind; value: string; note: string | null; source: 'file' | 'chat'; validFrom: string; validTo: string | null };

type ChatEntryRow = { entry_id: number; kind: WhitelistKind; value: string; note: string | null; by_employee_id: string; valid_from: string; valid_to: string | null };

/** The hotline's state: explicit whitelist entries (file and chat), agents' presence, and routing history. */
export class HotlineRepository {
  private readonly fileEntry;
  private readonly chatEntry;
  private readonly openChatEntry;
  private readonly supersedeChat;
  private readonly insertChat;
  private readonly allInForce;
  private readonly presenceOf;
  private readonly insertPresence;
  private readonly lastRouted;
  private readonly insertRouting;
  private readonly sofUnitByPhone;

  constructor(private readonly db: Db) {
    this.fileEntry = db.prepare<{ kind: string; value: string; asOf: string }, { note: string | null; valid_from: string; valid_to: string | null }>(
      `SELECT w.note, w.valid_from, w.valid_to FROM hotline_whitelist_versions w WHERE w.kind = @kind AND w.value = @value AND ${inForceOn('w')} LIMIT 1`,
    );
    this.chatEntry = db.prepare<{ kind: string; value: string; asOf: string }, ChatEntryRow>(
      `SELECT w.* FROM hotline_whitelist_chat w WHERE w.kind = @kind AND w.value = @value AND ${inForceOn('w')} ORDER BY w.entry_id DESC LIMIT 1`,
    );
    this.openChatEntry = db.prepare<{ kind: string; value: string }, ChatEntryRow>(
      'SELECT * FROM hotline_whitelist_chat WHERE kind = @kind AND value = @value AND superseded_at IS NULL AND valid_to IS NULL ORDER BY entry_id DESC LIMIT 1',
    );
    this.supersedeChat = db.prepare<{ id: number; now: string }>('UPDATE hotline_whitelist_chat SET superseded_at = @now WHERE entry_id = @id AND superseded_at IS NULL');
    this.insertChat = db.prepare<{ kind: string; value: string; note: string | null; by: string; from: string; to: string | null; now: string }>(
      `INSERT INTO hotline_whitelist_chat (kind, value, note, by_employee_id, valid_from, valid_to, recorded_at) VALUES (@kind, @value, @note, @by, @from, @to, @now)`,
    );
    this.allInForce = db.prepare<{ asOf: string }, { kind: WhitelistKind; value: string; note: string | null; source: 'file' | 'chat'; valid_from: string; valid_to: string | null }>(
      `SELECT w.kind, w.value, w.note, 'file' AS source, w.valid_from, w.valid_to FROM hotline_whitelist_versions w WHERE ${inForceOn('w')}
       UNION ALL
       SELECT c.kind, c.value, c.note, 'chat' AS source, c.valid_from, c.valid_to FROM hotline_whitelist_chat c WHERE ${inForceOn('c')}
       ORDER BY 1, 2`,
    );
    this.presenceOf = db.prepare<{ day: string }, { employee_id: string; status: Presence }>(
      `SELECT p.employee_id, p.status FROM hotline_presence p
        WHERE p.day = @day AND p.presence_id = (SELECT max(q.presence_id) FROM hotline_presence q WHERE q.employee_id = p.employee_id AND q.day = @day)`,
    );
    this.insertPresence = db.prepare<{ employeeId: string; status: Presence; at: string; day: string }>(
      'INSERT INTO hotline_presence (employee_id, status, set_at, day) VALUES (@employeeId, @status, @at, @day)',
    );
    // One index lookup per agent: the routing log grows with every call and is never pruned.
    this.lastRouted = db.prepare<{ employeeId: string }, string | null>('SELECT max(routed_at) FROM hotline_routings WHERE employee_id = @employeeId').pluck();
    this.insertRouting = db.prepare<{ at: string; employeeId: string; via: 'api' | 'chat'; topic: string | null }>(
      'INSERT INTO hotline_routings (routed_at, employee_id, via, topic) VALUES (@at, @employeeId, @via, @topic)',
    );
    this.sofUnitByPhone = db.prepare<{ phone: string; asOf: string }, { unit_id: string }>(
      `SELECT u.unit_id FROM unit_versions u WHERE u.phone = @phone AND u.administration = 'SOF' AND ${inForceOn('u')} LIMIT 1`,
    );
  }

  /** The explicit entry in force for the value (file entries first), or null. */
  explicitEntry(kind: WhitelistKind, value: string, asOf: string): WhitelistEntry | null {
    const file = this.fileEntry.get({ kind, value, asOf });
    if (file) return { kind, value, note: file.note, source: 'file', validFrom: file.valid_from, validTo: file.valid_to };
    const chat = this.chatEntry.get({ kind, value, asOf });
    return chat ? { kind, value, note: chat.note, source: 'chat', validFrom: chat.valid_from, validTo: chat.valid_to } : null;
  }

  /** Every explicit entry in force on the date, from the file and from chat. */
  entriesInForce(asOf: string): WhitelistEntry[] {
    return this.allInForce.all({ asOf }).map((row) => ({ kind: row.kind, value: row.value, note: row.note, source: row.source, validFrom: row.valid_from, validTo: row.valid_to }));
  }

  /** Adds a chat entry from `from` until further notice (an open entry for the same value is replaced). */
  addChatEntry(input: { kind: WhitelistKind; value: string; note: string | null; byEmployeeId: string; from: IsoDate; now: Date }): void {
    const now = input.now.toISOString();
    this.db.transaction(() =>
      replaceOpenEnded(this.openChatEntry.get({ kind: input.kind, value: input.value }), input.from, {
        supersede: (open) => this.supersedeChat.run({ id: open.entry_id, now }),
        insertClosed: (open, to) => this.insertChat.run({ kind: open.kind, value: open.value, note: open.note, by: open.by_employee_id, from: open.valid_from, to, now }),
        insertNew: () => this.insertChat.run({ kind: input.kind, value: input.value, note: input.note, by: input.byEmployeeId, from: input.from, to: null, now }),
      }),
    )();
  }

  /** Ends the open chat entry for the value the day before `from`; false when there is none. */
  endChatEntry(input: { kind: WhitelistKind; value: string; from: IsoDate; now: Date }): boolean {
    const now = input.now.toISOString();
    return this.db.transaction(() => {
      const open = this.openChatEntry.get({ kind: input.kind, value: input.value });
      if (!open) return false;
      replaceOpenEnded(open, input.from, {
        supersede: (row) => this.supersedeChat.run({ id: row.entry_id, now }),
        insertClosed: (row, to) => this.insertChat.run({ kind: row.kind, value: row.value, note: row.note, by: row.by_employee_id, from: row.valid_from, to, now }),
        insertNew: () => {},
      });
      return true;
    })();
  }

  /** The SOF unit whose switchboard number this is on the date, or null. */
  sofUnitWithPhone(phone: string, asOf: string): string | null {
    return this.sofUnitByPhone.get({ phone, asOf })?.unit_id ?? null;
  }

  /** What each agent who said anything today said last. */
  presenceOn(day: IsoDate): Map<string, Presence> {
    return new Map(this.presenceOf.all({ day }).map((row) => [row.employee_id, row.status]));
  }

  setPresence(employeeId: string, status: Presence, at: Date, day: IsoDate): void {
    this.insertPresence.run({ employeeId, status, at: at.toISOString(), day });
  }

  /** When the agent was last routed to (an ISO instant), or null if never. */
  lastRoutedAt(employeeId: string): string | null {
    return this.lastRouted.get({ employeeId }) ?? null;
  }

  recordRouting(employeeId: string, at: Date, via: 'api' | 'chat', topic: string | null): void {
    this.insertRouting.run({ at: at.toISOString(), employeeId, via, topic });
  }
}
