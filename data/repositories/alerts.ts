import type { Sql } from '../sql/sql.js';

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

const INSERT = `INSERT INTO alerts (webhook_id, unit_id, channel_id, route_reason, created_at)
  VALUES (@webhookId, @unitId, @channelId, @reason, @now) RETURNING alert_id`;
const BY_ID = 'SELECT * FROM alerts WHERE alert_id = @id';
const BY_WEBHOOK = 'SELECT * FROM alerts WHERE webhook_id = @id';
const CLAIM_IF_OPEN =
  "UPDATE alerts SET state = 'claimed', claimed_by = @by, claimed_at = @now, version = version + 1 WHERE alert_id = @id AND state = 'open'";
const RESOLVE_IF_OPEN_OR_CLAIMED = `UPDATE alerts SET state = 'resolved', resolved_by = @by, resolved_at = @now, resolution_note = @note,
         claimed_by = coalesce(claimed_by, @by), claimed_at = coalesce(claimed_at, @now), version = version + 1
   WHERE alert_id = @id AND state IN ('open', 'claimed')`;
const FIRST_DELIVERY = 'UPDATE alerts SET delivered_at = @now, remind_at = @remindAt, escalate_at = @escalateAt WHERE alert_id = @id AND delivered_at IS NULL';
const DUE_REMINDERS =
  "SELECT * FROM alerts WHERE state = 'open' AND reminded_at IS NULL AND remind_at IS NOT NULL AND remind_at <= @now ORDER BY remind_at, alert_id LIMIT 100";
const DUE_ESCALATIONS =
  "SELECT * FROM alerts WHERE state = 'open' AND escalated_at IS NULL AND escalate_at IS NOT NULL AND escalate_at <= @now ORDER BY escalate_at, alert_id LIMIT 100";
const SET_REMINDED = 'UPDATE alerts SET reminded_at = @now WHERE alert_id = @id AND reminded_at IS NULL';
const SET_ESCALATED = 'UPDATE alerts SET escalated_at = @now WHERE alert_id = @id AND escalated_at IS NULL';
const REROUTE = 'UPDATE alerts SET channel_id = @channelId, route_reason = @reason WHERE alert_id = @id';
const ROUTE_IF_UNROUTED = "UPDATE alerts SET channel_id = @channelId, route_reason = @reason WHERE alert_id = @id AND channel_id IS NULL AND state = 'open'";
const UNROUTED = "SELECT alert_id FROM alerts WHERE state = 'open' AND channel_id IS NULL ORDER BY alert_id LIMIT @limit";

/** Alerts and their claim state. Claim and resolve are conditional updates, so the first press wins. */
export class AlertRepository {
  constructor(private readonly sql: Sql) {}

  /** Open alerts with no channel to go to, oldest first: one indexed query (alerts_open_by_deadline). */
  async unroutedIds(limit: number): Promise<number[]> {
    return (await this.sql.all<{ alert_id: number }>(UNROUTED, { limit })).map((row) => row.alert_id);
  }

  async create(input: { webhookId: string; unitId: string | null; channelId: string | null; routeReason: string; now: Date }): Promise<number> {
    const values = { webhookId: input.webhookId, unitId: input.unitId, channelId: input.channelId, reason: input.routeReason, now: input.now.toISOString() };
    return (await this.sql.get<{ alert_id: number }>(INSERT, values))!.alert_id;
  }

  async find(id: number): Promise<Alert | null> {
    const row = await this.sql.get<Row>(BY_ID, { id });
    return row ? toAlert(row) : null;
  }

  async findByWebhookId(webhookId: string): Promise<Alert | null> {
    const row = await this.sql.get<Row>(BY_WEBHOOK, { id: webhookId });
    return row ? toAlert(row) : null;
  }

  /** True when this call claimed it; false when someone else got there first or it is resolved. */
  async tryClaim(id: number, employeeId: string, now: Date): Promise<boolean> {
    return (await this.sql.run(CLAIM_IF_OPEN, { id, by: employeeId, now: now.toISOString() })).changes === 1;
  }

  async tryResolve(id: number, employeeId: string, note: string | null, now: Date): Promise<boolean> {
    return (await this.sql.run(RESOLVE_IF_OPEN_OR_CLAIMED, { id, by: employeeId, now: now.toISOString(), note })).changes === 1;
  }

  /** The first card reached its channel: start the escalation clock. */
  async markDelivered(id: number, now: Date, deadlines: { remindAt: Date | null; escalateAt: Date | null }): Promise<boolean> {
    const values = { id, now: now.toISOString(), remindAt: deadlines.remindAt?.toISOString() ?? null, escalateAt: deadlines.escalateAt?.toISOString() ?? null };
    return (await this.sql.run(FIRST_DELIVERY, values)).changes === 1;
  }

  async remindersDue(now: Date): Promise<Alert[]> {
    return (await this.sql.all<Row>(DUE_REMINDERS, { now: now.toISOString() })).map(toAlert);
  }

  async escalationsDue(now: Date): Promise<Alert[]> {
    return (await this.sql.all<Row>(DUE_ESCALATIONS, { now: now.toISOString() })).map(toAlert);
  }

  async markReminded(id: number, now: Date): Promise<boolean> {
    return (await this.sql.run(SET_REMINDED, { id, now: now.toISOString() })).changes === 1;
  }

  async markEscalated(id: number, now: Date): Promise<boolean> {
    return (await this.sql.run(SET_ESCALATED, { id, now: now.toISOString() })).changes === 1;
  }

  async rerouted(id: number, channelId: string | null, reason: string): Promise<void> {
    await this.sql.run(REROUTE, { id, channelId, reason });
  }

  /** Gives an open alert without a channel its channel; false when it has one already (another instance routed it). */
  async routeIfUnrouted(id: number, channelId: string, reason: string): Promise<boolean> {
    return (await this.sql.run(ROUTE_IF_UNROUTED, { id, channelId, reason })).changes === 1;
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
