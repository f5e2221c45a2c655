import type { SqliteAuditLog } from '../sqlite/sqlite-audit-log.js';
import type { Db } from '../store/open-database.js';
import { countDueAuditRows, deleteOldestAuditRows } from './audit-retention.js';
import { CITIZEN_KINDS, countCitizenRows, deleteCitizenRows, listDueCitizens, noCitizenRows, type CitizenCounts } from './citizen-retention.js';
import type { RetentionCutoffs } from './retention-cutoffs.js';

/** Rows per kind: the citizens' kinds and the audit rows. */
export type RetentionCounts = CitizenCounts & { auditRows: number };

export type RetentionTrigger = 'daily' | 'command';

/** Citizens per delete transaction, and audit rows per transaction: each holds the write lock briefly. */
export const CITIZEN_BATCH = 1000;
export const AUDIT_BATCH = 10_000;

export function noRows(): RetentionCounts {
  return { ...noCitizenRows(), auditRows: 0 };
}

/** What a run would delete now; reads only. */
export function planRetention(db: Db, cutoffs: RetentionCutoffs): RetentionCounts {
  return db.transaction(() => {
    listDueCitizens(db, cutoffs.citizenEndedBefore);
    const counts = { ...countCitizenRows(db, 'temp.retention_candidates'), auditRows: countDueAuditRows(db, cutoffs.auditBefore) };
    db.exec('DELETE FROM temp.retention_candidates');
    return counts;
  })();
}

export type RetentionRunOptions = {
  db: Db;
  audit: SqliteAuditLog;
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
 * The connection deletes with `secure_delete` on, so deleted values are overwritten in the file, and the WAL is
 * checkpointed and truncated at the end so no old page copy stays there either.
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
  runToEnd(): RetentionCounts {
    while (this.step());
    this.finish();
    return this.deleted;
  }

  /** One transaction; false when nothing is left (the store runs a run batch by batch, data/store/store.ts). */
  step(): boolean {
    const { db } = this.options;
    const previous = db.pragma('secure_delete', { simple: true });
    db.pragma('secure_delete = ON');
    try {
      if (this.due === null) this.due = this.listDue();
      if (this.due.length > 0) {
        this.deleteCitizens(this.due.splice(0, this.options.citizenBatch ?? CITIZEN_BATCH));
        return true;
      }
      if (!this.auditDone) {
        this.auditDone = !this.deleteAuditBatch();
        return !this.auditDone;
      }
      return false;
    } finally {
      db.pragma(`secure_delete = ${previous ? 'ON' : 'OFF'}`);
    }
  }

  private listDue(): string[] {
    const { db, cutoffs } = this.options;
    return db.transaction(() => {
      listDueCitizens(db, cutoffs.citizenEndedBefore);
      const cprs = db.prepare('SELECT cpr FROM temp.retention_candidates ORDER BY cpr').pluck().all() as string[];
      db.exec('DELETE FROM temp.retention_candidates');
      return cprs;
    })();
  }

  private deleteCitizens(cprs: string[]): void {
    const { db } = this.options;
    const batch = db.transaction(() => {
      const permit = db.prepare('INSERT INTO retention_due_citizens (cpr) VALUES (?)');
      for (const cpr of cprs) permit.run(cpr);
      const counts = { ...deleteCitizenRows(db), auditRows: 0 };
      db.exec('DELETE FROM retention_due_citizens');
      this.record(counts);
      return counts;
    }).immediate();
    this.add(batch);
  }

  /** True when it deleted rows (more may be due). */
  private deleteAuditBatch(): boolean {
    const { db, cutoffs, clock } = this.options;
    const auditRows = db.transaction(() => {
      const rows = deleteOldestAuditRows(db, cutoffs.auditBefore, this.options.auditBatch ?? AUDIT_BATCH, clock().toISOString());
      if (rows > 0) this.record({ ...noCitizenRows(), auditRows: rows });
      return rows;
    }).immediate();
    this.deleted.auditRows += auditRows;
    return auditRows > 0;
  }

  /** The batch's audit row (counts only, never a CPR number), in the batch's transaction. */
  private record(batch: RetentionCounts): void {
    this.options.audit.append({
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

  /** Records the finished run (the daily schedule's memory across restarts) and truncates the WAL. */
  /** Records the finished run. */
  finish(): void {
    const { db, cutoffs, trigger, clock } = this.options;
    db.prepare(
      `INSERT INTO retention_runs (day, started_at, finished_at, trigger, summary) VALUES (@day, @startedAt, @finishedAt, @trigger, @summary)
       ON CONFLICT (day) DO UPDATE SET finished_at = excluded.finished_at, trigger = excluded.trigger, summary = excluded.summary`,
    ).run({ day: cutoffs.today, startedAt: this.startedAt.toISOString(), finishedAt: clock().toISOString(), trigger, summary: JSON.stringify(this.deleted) });
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
}

/** The Copenhagen date of the last finished run, if any. */
export function lastRetentionRunDay(db: Db): string | null {
  return (db.prepare('SELECT max(day) FROM retention_runs').pluck().get() as string | null) ?? null;
}
