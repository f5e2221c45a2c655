import { STORE_GENERATION_KEY } from '../import/apply-merge-plan.js';
import { AuditLog } from '../repositories/audit-log.js';
import { jsonValues } from '../sql/dialect.js';
import type { Sql } from '../sql/sql.js';
import { retryWhileBusy } from '../sql/retry-while-busy.js';
import { countDueAuditRows, deleteOldestAuditRows } from './audit-retention.js';
import { CITIZEN_KINDS, countCitizenRows, deleteCitizenRows, listDueCitizens, noCitizenRows, type CitizenCounts } from './citizen-retention.js';
import type { RetentionCutoffs } from './retention-cutoffs.js';

/** Rows per kind: the citizens' kinds and the audit rows. */
export type RetentionCounts = CitizenCounts & { auditRows: number };

export type RetentionTrigger = 'daily' | 'command';

/** Citizens per delete transaction, and audit rows per transaction: each holds the write lock briefly. */
export const CITIZEN_BATCH = 1000;
export const AUDIT_BATCH = 10_000;

/** How long a batch on PostgreSQL waits for an import's switch (or another instance's batch) to finish. */
const SWITCH_WAIT_MS = 120_000;

export function noRows(): RetentionCounts {
  return { ...noCitizenRows(), auditRows: 0 };
}

/** What a run would delete now; reads only. */
export async function planRetention(sql: Sql, cutoffs: RetentionCutoffs): Promise<RetentionCounts> {
  const due = await listDueCitizens(sql, cutoffs.citizenEndedBefore);
  return { ...(await countCitizenRows(sql, due)), auditRows: await countDueAuditRows(sql, cutoffs.auditBefore) };
}

export type RetentionRunOptions = {
  /** Outside any unit of work: each batch is a transaction of its own (`atomic`). */
  sql: Sql;
  cutoffs: RetentionCutoffs;
  trigger: RetentionTrigger;
  clock: () => Date;
  citizenBatch?: number;
  auditBatch?: number;
  /** Checked between batches when the store runs it: false stops the run there (the bot shutting down); it is not recorded. */
  keepGoing?: () => boolean;
};

/**
 * One retention run as a series of write transactions, each consistent on its own: a batch of whole citizens (every
 * row about each, and the audit row with the counts), or a batch of the oldest audit rows (anchor, delete, audit row).
 * A run stopped between batches leaves nothing half-deleted; the next run carries on with what is still due.
 * On SQLite the connection deletes with `secure_delete` on, so deleted values are overwritten in the file, and the WAL
 * is checkpointed and truncated at the end so no old page copy stays there either. On PostgreSQL each batch takes
 * the store-generation lock an import's switch takes, so a batch never lands between an import's checks and writes.
 */
export class RetentionRun {
  readonly deleted: RetentionCounts = noRows();
  private readonly startedAt: Date;
  private due: string[] | null = null;
  private auditDone = false;

  constructor(private readonly options: RetentionRunOptions) {
    this.startedAt = options.clock();
  }

  /** Runs every batch now (the command line). */
  async runToEnd(): Promise<RetentionCounts> {
    while (await this.step());
    await this.finish();
    return this.deleted;
  }

  /** One transaction; false when nothing is left (the store runs a run batch by batch, data/store/store.ts). */
  async step(): Promise<boolean> {
    if (this.due === null) this.due = await listDueCitizens(this.options.sql, this.options.cutoffs.citizenEndedBefore);
    if (this.due.length > 0) {
      const cprs = this.due.splice(0, this.options.citizenBatch ?? CITIZEN_BATCH);
      this.add(await this.batch((sql) => this.deleteCitizens(sql, cprs)));
      return true;
    }
    if (!this.auditDone) {
      const auditRows = await this.batch((sql) => this.deleteAuditRows(sql));
      this.deleted.auditRows += auditRows;
      this.auditDone = auditRows === 0;
      return !this.auditDone;
    }
    return false;
  }

  /** Records the finished run (the daily schedule's memory across restarts) and, on SQLite, truncates the WAL. */
  async finish(): Promise<void> {
    const { sql, cutoffs, trigger, clock } = this.options;
    await this.serialised((tx) =>
      tx.run(
        `INSERT INTO retention_runs (day, started_at, finished_at, trigger, summary) VALUES (@day, @startedAt, @finishedAt, @trigger, @summary)
         ON CONFLICT (day) DO UPDATE SET finished_at = excluded.finished_at, trigger = excluded.trigger, summary = excluded.summary`,
        { day: cutoffs.today, startedAt: this.startedAt.toISOString(), finishedAt: clock().toISOString(), trigger, summary: JSON.stringify(this.deleted) },
      ),
    );
    if (sql.dialect === 'sqlite') await sql.get('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  /** One write transaction; on SQLite with secure_delete on for it. */
  private async batch<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const { sql } = this.options;
    if (sql.dialect !== 'sqlite') return this.serialised(work);
    const previous = (await sql.get<{ secure_delete: number }>('PRAGMA secure_delete'))!.secure_delete;
    await sql.get('PRAGMA secure_delete = ON');
    try {
      return await this.serialised(work);
    } finally {
      await sql.get(`PRAGMA secure_delete = ${previous ? 'ON' : 'OFF'}`);
    }
  }

  /**
   * One transaction behind the store-generation lock. On PostgreSQL an import's switch may hold it longer than the
   * pool waits for a lock: the attempt ends busy having written nothing, and is tried again.
   */
  private serialised<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const { sql } = this.options;
    const attempt = () => sql.atomic(work, { serialiseOn: STORE_GENERATION_KEY });
    return sql.dialect === 'sqlite' ? attempt() : retryWhileBusy(attempt, { deadlineMs: SWITCH_WAIT_MS, maxDelayMs: 2_000 });
  }

  private async deleteCitizens(sql: Sql, cprs: readonly string[]): Promise<RetentionCounts> {
    await sql.run(`INSERT INTO retention_due_citizens (cpr) SELECT value FROM ${jsonValues(sql, '@cprs')}`, { cprs: JSON.stringify(cprs) });
    const counts = { ...(await deleteCitizenRows(sql)), auditRows: 0 };
    await sql.run('DELETE FROM retention_due_citizens');
    await this.record(sql, counts);
    return counts;
  }

  /** The rows deleted (0: none was due, the audit part is done). */
  private async deleteAuditRows(sql: Sql): Promise<number> {
    const { cutoffs, clock } = this.options;
    const rows = await deleteOldestAuditRows(sql, cutoffs.auditBefore, this.options.auditBatch ?? AUDIT_BATCH, clock().toISOString());
    if (rows > 0) await this.record(sql, { ...noCitizenRows(), auditRows: rows });
    return rows;
  }

  /** The batch's audit row (counts only, never a CPR number), in the batch's transaction. */
  private record(sql: Sql, batch: RetentionCounts): Promise<void> {
    return new AuditLog(sql).append({
      at: this.options.clock(),
      action: 'retention',
      purpose: 'retention',
      result: 'recorded',
      actorEmployeeId: null,
      actorAadObjectId: null,
      actorAdministration: null,
      citizenCpr: null,
      asOf: this.options.cutoffs.today,
      detail: { deleted: batch, citizenEndedBefore: this.options.cutoffs.citizenEndedBefore, auditBefore: this.options.cutoffs.auditBefore, trigger: this.options.trigger },
    });
  }

  private add(batch: RetentionCounts): void {
    for (const kind of [...CITIZEN_KINDS, 'auditRows'] as const) this.deleted[kind] += batch[kind];
  }
}

/** The Copenhagen date of the last finished run, if any. */
export async function lastRetentionRunDay(sql: Sql): Promise<string | null> {
  return (await sql.get<{ day: string | null }>('SELECT max(day) AS day FROM retention_runs'))?.day ?? null;
}

/**
 * A whole run, batch by batch, `exclusive` giving each batch the connection (SQLite: the store's connection lock, so
 * other work gets it in between). Stopped by `keepGoing` between batches, it reports finished: false, not recorded.
 */
export async function runRetentionBatches(
  run: RetentionRun,
  keepGoing: () => boolean,
  exclusive: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<{ finished: boolean; deleted: RetentionCounts }> {
  while (keepGoing() && (await exclusive(() => run.step()))) await new Promise((resolve) => setImmediate(resolve));
  if (!keepGoing()) return { finished: false, deleted: run.deleted };
  await exclusive(() => run.finish());
  return { finished: true, deleted: run.deleted };
}
