import type { Db } from '../store/open-database.js';

export type AlertState = 'open' | 'claimed' | 'resolved';

export type Alert = {
  id: number;
  webhookId: string;
  unitId: string | null;
  channelId: string | null;
  routeReason: string;
  state: AlertState;
  claimedBy: string | null;
  claimedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  deliveredAt: string | null;
  remindAt: string | null;
  escalateAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  version: number;
  createdAt: string;
};

type Row = {
  alert_id: number;
  webhook_id: string;
  unit_id: string | null;
  channel_id: string | null;
  route_reason: string;
  state: AlertState;
  claimed_by: string | null;
  claimed_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
  delivered_at: string | null;
  remind_at: string | null;
  escalate_at: string | null;
  reminded_at: string | null;
  escalated_at: string | null;
  version: number;
  created_at: string;
};

/** Alerts and their claim state. Claim and resolve are conditional updates, so the first press wins. */
export class AlertRepository {
  private readonly insert;
  private readonly byId;
  private readonly byWebhook;
  private readonly claimIfOpen;
  private readonly resolveIfOpenOrClaimed;
  private readonly firstDelivery;
  private readonly dueReminders;
  private readonly dueEscalations;
  private readonly setReminded;
  private readonly setEscalated;
  private readonly reroute;
  private readonly unrouted;

  constructor(db: Db) {
    this.insert = db.prepare<{ webhookId: string; unitId: string | null; channelId: string | null; reason: string; now: string }>(
      'INSERT INTO alerts (webhook_id, unit_id, channel_id, route_reason, created_at) VALUES (@webhookId, @unitId, @channelId, @reason, @now)',
    );
    this.byId = db.prepare<{ id: number }, Row>('SELECT * FROM alerts WHERE alert_id = @id');
    this.byWebhook = db.prepare<{ id: string }, Row>('SELECT * FROM alerts WHERE webhook_id = @id');
    this.claimIfOpen = db.prepare<{ id: number; by: string; now: string }>(
      "UPDATE alerts SET state = 'claimed', claimed_by = @by, claimed_at = @now, version = version + 1 WHERE alert_id = @id AND state = 'open'",
    );
    this.resolveIfOpenOrClaimed = db.prepare<{ id: number; by: string; now: string; note: string | null }>(
      `UPDATE alerts SET state = 'resolved', resolved_by = @by, resolved_at = @now, resolution_note = @note,
              claimed_by = coalesce(claimed_by, @by), claimed_at = coalesce(claimed_at, @now), version = version + 1
        WHERE alert_id = @id AND state IN ('open', 'claimed')`,
    );
    this.firstDelivery = db.prepare<{ id: number; now: string; remindAt: string | null; escalateAt: string | null }>(
      'UPDATE alerts SET delivered_at = @now, remind_at = @remindAt, escalate_at = @escalateAt WHERE alert_id = @id AND delivered_at IS NULL',
    );
    this.dueReminders = db.prepare<{ now: string }, Row>(
      "SELECT * FROM alerts WHERE state = 'open' AND reminded_at IS NULL AND remind_at IS NOT NULL AND remind_at <= @now ORDER BY remind_at LIMIT 100",
    );
    this.dueEscalations = db.prepare<{ now: string }, Row>(
      "SELECT * FROM alerts WHERE state = 'open' AND escalated_at IS NULL AND escalate_at IS NOT NULL AND escalate_at <= @now ORDER BY escalate_at LIMIT 100",
    );
    this.setReminded = db.prepare<{ id: number; now: string }>('UPDATE alerts SET reminded_at = @now WHERE alert_id = @id AND reminded_at IS NULL');
    this.setEscalated = db.prepare<{ id: number; now: string }>('UPDATE alerts SET escalated_at = @now WHERE alert_id = @id AND escalated_at IS NULL');
    this.reroute = db.prepare<{ id: number; channelId: string | null; reason: string }>(
      'UPDATE alerts SET channel_id = @channelId, route_reason = @reason WHERE alert_id = @id',
    );
    this.unrouted = db
      .prepare<{ limit: number }, number>("SELECT alert_id FROM alerts WHERE state = 'open' AND channel_id IS NULL ORDER BY alert_id LIMIT @limit")
      .pluck();
  }

  /** Open alerts with no channel to go to, oldest first: one indexed query (alerts_open_by_deadline). */
  unroutedIds(limit: number): number[] {
    return this.unrouted.all({ limit }) as number[];
  }

  create(input: { webhookId: string; unitId: string | null; channelId: string | null; routeReason: string; now: Date }): number {
    return Number(this.insert.run({ webhookId: input.webhookId, unitId: input.unitId, channelId: input.channelId, reason: input.routeReason, now: input.now.toISOString() }).lastInsertRowid);
  }

  find(id: number): Alert | null {
    const row = this.byId.get({ id });
    return row ? toAlert(row) : null;
  }

  findByWebhookId(webhookId: string): Alert | null {
    const row = this.byWebhook.get({ id: webhookId });
    return row ? toAlert(row) : null;
  }

  /** True when this call claimed it; false when someone else got there first or it is resolved. */
  tryClaim(id: number, employeeId: string, now: Date): boolean {
    return this.claimIfOpen.run({ id, by: employeeId, now: now.toISOString() }).changes === 1;
  }

  tryResolve(id: number, employeeId: string, note: string | null, now: Date): boolean {
    return this.resolveIfOpenOrClaimed.run({ id, by: employeeId, now: now.toISOString(), note }).changes === 1;
  }

  /** The first card reached its channel: start the escalation clock. */
  markDelivered(id: number, now: Date, deadlines: { remindAt: Date | null; escalateAt: Date | null }): boolean {
    return this.firstDelivery.run({ id, now: now.toISOString(), remindAt: deadlines.remindAt?.toISOString() ?? null, escalateAt: deadlines.escalateAt?.toISOString() ?? null }).changes === 1;
  }

  remindersDue(now: Date): Alert[] {
    return this.dueReminders.all({ now: now.toISOString() }).map(toAlert);
  }

  escalationsDue(now: Date): Alert[] {
    return this.dueEscalations.all({ now: now.toISOString() }).map(toAlert);
  }

  markReminded(id: number, now: Date): boolean {
    return this.setReminded.run({ id, now: now.toISOString() }).changes === 1;
  }

  markEscalated(id: number, now: Date): boolean {
    return this.setEscalated.run({ id, now: now.toISOString() }).changes === 1;
  }

  rerouted(id: number, channelId: string | null, reason: string): void {
    this.reroute.run({ id, channelId, reason });
  }
}

function toAlert(row: Row): Alert {
  return {
    id: row.alert_id,
    webhookId: row.webhook_id,
    unitId: row.unit_id,
    channelId: row.channel_id,
    routeReason: row.route_reason,
    state: row.state,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    resolutionNote: row.resolution_note,
    deliveredAt: row.delivered_at,
    remindAt: row.remind_at,
    escalateAt: row.escalate_at,
    remindedAt: row.reminded_at,
    escalatedAt: row.escalated_at,
    version: row.version,
    createdAt: row.created_at,
  };
}
