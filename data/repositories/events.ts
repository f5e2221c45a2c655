import type { Sql } from '../sql/sql.js';

export type StoredEvent = {
  webhookId: string;
  type: string;
  occurredAt: string;
  receivedAt: string;
  cpr: string | null;
  /** The date the event is about (stop date, resume date, …): routing uses the organisation as of this date. */
  eventDate: string;
  data: Record<string, unknown>;
};

type Row = { webhook_id: string; type: string; occurred_at: string; received_at: string; cpr: string | null; event_date: string; data: string };

// Not ON CONFLICT DO NOTHING: SQLite's schema refuses an insert over an existing webhook id (migration 007), even one
// that would do nothing. On PostgreSQL two units inserting one id at once: the later fails to serialise (StoreBusy)
// and, run again, finds the event.
const INSERT = `
  INSERT INTO events (webhook_id, type, occurred_at, received_at, cpr, event_date, data)
  SELECT @webhookId, @type, @occurredAt, @receivedAt, @cpr, @eventDate, @data
  WHERE NOT EXISTS (SELECT 1 FROM events WHERE webhook_id = @webhookId)`;
const BY_ID = 'SELECT * FROM events WHERE webhook_id = @id';

/** Accepted webhook events; append-only. */
export class EventRepository {
  constructor(private readonly sql: Sql) {}

  /** True when the event is new; false when this webhook id was accepted before (nothing is written then). */
  async insertIfNew(event: StoredEvent): Promise<boolean> {
    const { webhookId, type, occurredAt, receivedAt, cpr, eventDate } = event;
    return (await this.sql.run(INSERT, { webhookId, type, occurredAt, receivedAt, cpr, eventDate, data: JSON.stringify(event.data) })).changes === 1;
  }

  async find(webhookId: string): Promise<StoredEvent | null> {
    const row = await this.sql.get<Row>(BY_ID, { id: webhookId });
    if (!row) return null;
    return { webhookId: row.webhook_id, type: row.type, occurredAt: row.occurred_at, receivedAt: row.received_at, cpr: row.cpr, eventDate: row.event_date, data: JSON.parse(row.data) };
  }
}
