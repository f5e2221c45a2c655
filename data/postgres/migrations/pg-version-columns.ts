/**
 * PostgreSQL's spelling of data/migrations/version-columns.ts: the validity-period columns every imported history
 * table ends with, and the table CHECK that a period never ends before it starts. PostgreSQL allows a table
 * constraint between columns, so a table may list a later column after these.
 */
export const pgVersionColumns = `source_from    text NOT NULL,
  source_to      text,
  valid_from     text NOT NULL,
  valid_to       text,
  recorded_at    text NOT NULL,
  superseded_at  text,
  import_run_id  bigint REFERENCES import_runs(id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)`;

/** The version columns no update may touch (superseded_at is stamped once, see pgAppendOnlyTriggers). */
export const pgVersionImmutable = ['source_from', 'source_to', 'valid_from', 'valid_to', 'recorded_at', 'import_run_id'] as const;

/** The columns of a fact an employee states in chat: who, the period it holds for, and when it was superseded. */
export const pgChatVersionColumns = `by_employee_id  text NOT NULL,
  valid_from      text NOT NULL,
  valid_to        text,
  recorded_at     text NOT NULL,
  superseded_at   text,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)`;

export const pgChatVersionImmutable = ['by_employee_id', 'valid_from', 'valid_to', 'recorded_at'] as const;
