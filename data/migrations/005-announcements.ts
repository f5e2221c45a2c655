import { appendOnlyTriggers } from './append-only-triggers.js';
import type { Migration } from './migration.js';

export const announcements: Migration = {
  version: 5,
  name: 'announcements',
  sql: `
-- An announcement from the specialist unit (in chat) or the BIF–SOF portal (API), or the bot's own monthly status
-- post. Its content lives in announcement_revisions, so a correction never overwrites what was sent before.
CREATE TABLE announcements (
  announcement_id         INTEGER PRIMARY KEY,
  kind                    TEXT NOT NULL CHECK (kind IN ('message', 'goal-status')),
  state                   TEXT NOT NULL CHECK (state IN ('draft', 'active', 'cancelled', 'withdrawn', 'discarded')),
  audience                TEXT NOT NULL,
  delivery                TEXT NOT NULL CHECK (delivery IN ('channels', 'personal', 'both')),
  send_at                 TEXT,
  recurrence              TEXT,
  -- A draft made to correct a sent announcement points at it; sending the draft appends a revision there.
  corrects_id             INTEGER REFERENCES announcements(announcement_id),
  source                  TEXT NOT NULL CHECK (source IN ('chat', 'api', 'system')),
  created_by              TEXT NOT NULL,
  sender_conversation_id  TEXT,
  report_outbox_id        INTEGER REFERENCES outbox(id),
  report_updates          INTEGER NOT NULL DEFAULT 0,
  created_at              TEXT NOT NULL,
  ended_at                TEXT,
  ended_by                TEXT
) STRICT;
CREATE INDEX announcements_active ON announcements (kind) WHERE state = 'active';

CREATE TABLE announcement_revisions (
  revision_id      INTEGER PRIMARY KEY,
  announcement_id  INTEGER NOT NULL REFERENCES announcements(announcement_id),
  revision         INTEGER NOT NULL,
  title            TEXT NOT NULL,
  body             TEXT NOT NULL,
  url              TEXT,
  recorded_at      TEXT NOT NULL,
  recorded_by      TEXT NOT NULL,
  UNIQUE (announcement_id, revision)
) STRICT;
${appendOnlyTriggers('announcement_revisions', ['revision_id', 'announcement_id', 'revision', 'title', 'body', 'url', 'recorded_at', 'recorded_by'], { supersedable: false })}

-- One row per time an announcement goes out (a recurring one has many). 'scheduled' until the scheduler fans it
-- out into the outbox, in the same transaction that records its recipients and schedules the next one.
CREATE TABLE announcement_sends (
  send_id          INTEGER PRIMARY KEY,
  announcement_id  INTEGER NOT NULL REFERENCES announcements(announcement_id),
  due_at           TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('scheduled', 'fanned-out', 'cancelled')),
  fanned_out_at    TEXT,
  UNIQUE (announcement_id, due_at)
) STRICT;
CREATE INDEX announcement_sends_due ON announcement_sends (due_at) WHERE state = 'scheduled';

-- Who a send was meant for, as resolved on its date: a channel or a person, under the audience group that brought
-- them in. outbox_id is NULL when there was no conversation to post in (counted and listed in the report).
CREATE TABLE announcement_recipients (
  send_id         INTEGER NOT NULL REFERENCES announcement_sends(send_id),
  kind            TEXT NOT NULL CHECK (kind IN ('channel', 'personal')),
  target          TEXT NOT NULL,
  audience_group  TEXT NOT NULL,
  label           TEXT NOT NULL,
  outbox_id       INTEGER REFERENCES outbox(id),
  PRIMARY KEY (send_id, kind, target)
) STRICT;
CREATE INDEX announcement_recipients_by_outbox ON announcement_recipients (outbox_id) WHERE outbox_id IS NOT NULL;

-- "Læst" presses: one per person per announcement; only the count is ever shown.
CREATE TABLE announcement_reads (
  announcement_id  INTEGER NOT NULL REFERENCES announcements(announcement_id),
  aad_object_id    TEXT NOT NULL,
  read_at          TEXT NOT NULL,
  PRIMARY KEY (announcement_id, aad_object_id)
) STRICT;

-- The report card is refreshed by at most one waiting update at a time; this finds it.
CREATE INDEX outbox_pending_by_target ON outbox (target_of) WHERE state = 'pending' AND target_of IS NOT NULL;
`,
};
