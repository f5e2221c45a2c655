import { appendOnlyTriggers } from './append-only-triggers.js';
import type { Migration } from './migration.js';

export const alertsAndDelivery: Migration = {
  version: 3,
  name: 'alerts-and-delivery',
  sql: `
-- Where the bot can post: one row per Teams conversation it has been installed in or has heard from. This is
-- operational state (the reference is replaced when Teams sends a newer one), not an organisational fact.
CREATE TABLE conversations (
  conversation_id  TEXT PRIMARY KEY,
  scope            TEXT NOT NULL CHECK (scope IN ('personal', 'groupChat', 'channel')),
  tenant_id        TEXT,
  service_url      TEXT NOT NULL,
  team_id          TEXT,
  aad_object_id    TEXT,
  reference        TEXT NOT NULL,
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  inactive_reason  TEXT,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX conversations_by_team ON conversations (team_id) WHERE team_id IS NOT NULL;
CREATE INDEX conversations_by_user ON conversations (aad_object_id) WHERE aad_object_id IS NOT NULL;

-- A unit's Teams channel, linked by an admin in chat ("tilknyt"). Versioned like the organisation: a new link
-- closes the previous one; the unit's teams_channel_id from units.csv applies when no chat link is in force.
CREATE TABLE unit_channel_links (
  link_id         INTEGER PRIMARY KEY,
  unit_id         TEXT NOT NULL,
  channel_id      TEXT NOT NULL,
  by_employee_id  TEXT NOT NULL,
  valid_from      TEXT NOT NULL,
  valid_to        TEXT,
  recorded_at     TEXT NOT NULL,
  superseded_at   TEXT,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX unit_channel_links_by_unit ON unit_channel_links (unit_id);
${appendOnlyTriggers('unit_channel_links', ['link_id', 'unit_id', 'channel_id', 'by_employee_id', 'valid_from', 'valid_to', 'recorded_at'], { supersedable: true })}

-- Every accepted webhook event, exactly as received (the webhook-id makes redelivery idempotent).
CREATE TABLE events (
  webhook_id   TEXT PRIMARY KEY,
  type         TEXT NOT NULL,
  occurred_at  TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  cpr          TEXT CHECK (cpr IS NULL OR length(cpr) = 10),
  event_date   TEXT NOT NULL,
  data         TEXT NOT NULL
) STRICT;
${appendOnlyTriggers('events', ['webhook_id', 'type', 'occurred_at', 'received_at', 'cpr', 'event_date', 'data'], { supersedable: false })}

-- One alert per routed event; its claim state changes in place (every change is also in audit_log).
CREATE TABLE alerts (
  alert_id           INTEGER PRIMARY KEY,
  webhook_id         TEXT NOT NULL UNIQUE REFERENCES events(webhook_id),
  unit_id            TEXT,
  channel_id         TEXT,
  route_reason       TEXT NOT NULL,
  state              TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'claimed', 'resolved')),
  claimed_by         TEXT,
  claimed_at         TEXT,
  resolved_by        TEXT,
  resolved_at        TEXT,
  resolution_note    TEXT,
  delivered_at       TEXT,
  remind_at          TEXT,
  escalate_at        TEXT,
  reminded_at        TEXT,
  escalated_at       TEXT,
  version            INTEGER NOT NULL DEFAULT 1,
  created_at         TEXT NOT NULL
) STRICT;
CREATE INDEX alerts_open_by_deadline ON alerts (state, remind_at, escalate_at) WHERE state = 'open';

-- Messages waiting to be sent, being sent, sent, or given up on. 'sending' is written (and committed) before the
-- request leaves, and the posted activity id after it returns, so a restart can tell what may have been sent.
CREATE TABLE outbox (
  id                  INTEGER PRIMARY KEY,
  dedupe_key          TEXT NOT NULL UNIQUE,
  operation           TEXT NOT NULL CHECK (operation IN ('post', 'reply', 'update', 'delete')),
  conversation_id     TEXT NOT NULL,
  thread_of           INTEGER REFERENCES outbox(id),
  target_of           INTEGER REFERENCES outbox(id),
  message             TEXT NOT NULL,
  alert_id            INTEGER REFERENCES alerts(alert_id),
  purpose             TEXT NOT NULL,
  state               TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead', 'failed', 'cancelled')),
  attempts            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at     TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  redriven_at         TEXT,
  attempt_started_at  TEXT,
  sent_at             TEXT,
  activity_id         TEXT,
  uncertain           INTEGER NOT NULL DEFAULT 0 CHECK (uncertain IN (0, 1)),
  last_error          TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_pending_by_conversation ON outbox (conversation_id, id) WHERE state = 'pending';
CREATE INDEX outbox_sending ON outbox (id) WHERE state = 'sending';
CREATE INDEX outbox_dead ON outbox (id) WHERE state = 'dead';
CREATE INDEX outbox_by_alert ON outbox (alert_id) WHERE alert_id IS NOT NULL;
`,
};
