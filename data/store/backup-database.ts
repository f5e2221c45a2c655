import { rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { verifyAuditChain, type ChainVerification } from '../repositories/verify-audit-chain.js';
import type { Db } from './open-database.js';

/** The migration that chains the audit log; a database from before it has no chain to verify. */
const AUDIT_CHAIN_MIGRATION = 11;

export type BackupResult = {
  bytes: number;
  durationMs: number;
  /** `PRAGMA integrity_check` on the copy: ['ok'] when sound, else SQLite's own lines. */
  integrity: string[];
  /** The copy's audit chain, or null when the database predates the chain. */
  chain: ChainVerification | null;
};

/**
 * Copies the database with SQLite's online backup while other processes keep writing (WAL: readers never block the
 * bot), then checks the copy, not the original: the copy is what a restore will start from.
 */
export async function backupDatabase(source: Db, targetPath: string): Promise<BackupResult> {
  const started = performance.now();
  try {
    // All pages in one step: a step reads one snapshot, whereas a write between small steps restarts the copy,
    // which under a steady stream of audit rows could restart forever.
    await source.backup(targetPath, { progress: () => 0x7fffffff });
  } catch (error) {
    rmSync(targetPath, { force: true });
    throw error;
  }
  const durationMs = performance.now() - started;
  const copy = new Database(targetPath, { fileMustExist: true });
  let checks: Pick<BackupResult, 'integrity' | 'chain'>;
  try {
    const integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    const chained = integrity[0] === 'ok' && copy.prepare(CHAINED).get(AUDIT_CHAIN_MIGRATION) !== undefined;
    checks = { integrity, chain: chained ? verifyAuditChain(copy) : null };
  } finally {
    // Closing checkpoints the copy's WAL into the file, so the copy is one self-contained file.
    copy.close();
  }
  return { bytes: statSync(targetPath).size, durationMs, ...checks };
}

const CHAINED = "SELECT 1 FROM sqlite_master m, schema_migrations s WHERE m.type = 'table' AND m.name = 'audit_log' AND s.version = ?";
