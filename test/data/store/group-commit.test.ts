import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../data/store/group-commit.js';

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
});
