import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../data/store/group-commit.js';
import { StoreBusy } from '../../../data/store/store-busy.js';
import { holdWriteLock } from '../../support/write-lock.js';
import { removeTempFolders, tempFolder } from '../import-fixtures.js';

describe('group commit', () => {
  it('commits writes from the same tick together; a failing one is rolled back alone and only its caller is told', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v INTEGER NOT NULL CHECK (v >= 0))');
    let transactions = 0;
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const commit = new GroupCommit(db, (v: number) => {
      if (!db.inTransaction) throw new Error('not in a transaction');
      transactions++;
      return Number(insert.run(v).lastInsertRowid);
    });
    const results = await Promise.allSettled([commit.submit(1), commit.submit(-1), commit.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2]);
    expect(transactions).toBe(3);
  });

  it('settles nothing before the commit: a promise resolves only after its row is readable', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v INTEGER)');
    const commit = new GroupCommit(db, (v: number) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v));
    const pending = commit.submit(7);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    await pending;
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
  });

  it('while another connection holds the write lock, rejects the whole batch with StoreBusy and writes nothing; later batches commit', async () => {
    const path = join(tempFolder(), 'group.sqlite');
    const db = new Database(path, { timeout: 20 });
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v INTEGER)');
    const commit = new GroupCommit(db, (v: number) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v));
    const lock = holdWriteLock(path);
    try {
      const results = await Promise.allSettled([commit.submit(1), commit.submit(2), commit.submit(3)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const result of results) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreBusy);
    } finally {
      lock.release();
    }
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    await commit.submit(4);
    expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual([4]);
    db.close();
    removeTempFolders();
  });
});
