import type { Db } from '../store/open-database.js';

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

/** Accepted webhook events; append-only. */
export class EventRepository {
  private readonly insert;
  private readonly byId;

  constructor(db: Db) {
    // Not ON CONFLICT DO NOTHING: the schema refuses an insert over an existing webhook id (migration 007).
    this.insert = db.prepare(`
      INSERT INTO events (webhook_id, type, occurred_at, received_at, cpr, event_date, data)
      SELECT @webhookId, @type, @occurredAt, @receivedAt, @cpr, @eventDate, @data
      WHERE NOT EXISTS (SELECT 1 FROM events WHERE webhook_id = @webhookId)`);
    this.byId = db.prepare<{ id: string }, Row>('SELECT * FROM events WHERE webhook_id = @id');
  }

  /** True when the event is new; false when this webhook id was accepted before (nothing is written then). */
  insertIfNew(event: StoredEvent): boolean {
    return this.insert.run({ ...event, data: JSON.stringify(event.data) }).changes === 1;
  }

  find(webhookId: string): StoredEvent | null {
    const row = this.byId.get({ id: webhookId });
    if (!row) return null;
    return { webhookId: row.webhook_id, type: row.type, occurredAt: row.occurred_at, receivedAt: row.received_at, cpr: row.cpr, eventDate: row.event_date, data: JSON.parse(row.data) };
  }
}
