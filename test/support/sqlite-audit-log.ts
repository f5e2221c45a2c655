import { AUDIT_HEAD, chainedAuditRow, INSERT_AUDIT_ROW, type AuditChainHead, type AuditEntry } from '../../data/repositories/audit-log.js';
import type { Db } from '../../data/store/open-database.js';

/**
 * A synchronous append on a better-sqlite3 connection, for code that cannot await inside a better-sqlite3
 * transaction (tests and benchmarks seeding a SQLite file): the same head read, row and hash as AuditLog.append,
 * which the import and retention use on both engines.
 */
export class SqliteAuditLog {
  private readonly insert;
  private readonly head;
  private readonly rowCount;
  private readonly appendInOwnTransaction: (entry: AuditEntry) => void;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(INSERT_AUDIT_ROW);
    this.head = db.prepare<[], { lastId: number; hash: string }>(AUDIT_HEAD);
    this.rowCount = db.prepare('SELECT count(*) FROM audit_log').pluck();
    this.appendInOwnTransaction = db.transaction((entry: AuditEntry) => this.appendChained(entry)).immediate;
  }

  /** Writes the entry now, inside the caller's transaction if there is one (else in a write transaction of its own). */
  append(entry: AuditEntry): void {
    if (this.db.inTransaction) this.appendChained(entry);
    else this.appendInOwnTransaction(entry);
  }

  chainHead(): AuditChainHead {
    return this.db.transaction(() => ({ ...this.head.get()!, rows: this.rowCount.get() as number }))();
  }

  private appendChained(entry: AuditEntry): void {
    this.insert.run(chainedAuditRow(entry, this.head.get()!));
  }
}
