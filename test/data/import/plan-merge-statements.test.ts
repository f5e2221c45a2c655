import { afterAll, describe, expect, it } from 'vitest';
import { importFiles as importOnSession } from '../../../data/import/import-folder.js';
import type { ImportSession } from '../../../data/import/import-session.js';
import { sqliteImportSession } from '../../../data/import/sqlite-import-session.js';
import type { Sql } from '../../../data/sql/sql.js';
import { caseload, csvFolder, importFiles, removeTempFolders, WORLD_DAY, worldDb } from '../import-fixtures.js';

afterAll(removeTempFolders);

/** The session with its statements counted (passed on unchanged). */
function counting(session: ImportSession): { session: ImportSession; statements: () => number } {
  let statements = 0;
  const counted = (name: 'all' | 'get' | 'run') => (...args: Parameters<Sql[typeof name]>) => {
    statements++;
    return (session.sql[name] as (...a: typeof args) => unknown)(...args);
  };
  const sql = { ...session.sql, dialect: session.sql.dialect, all: counted('all'), get: counted('get'), run: counted('run'), atomic: session.sql.atomic.bind(session.sql) } as Sql;
  return { session: { ...session, sql }, statements: () => statements };
}

/** Statements of a second import that ends the cases of every citizen `ends` leaves out of 40. */
async function statementsEnding(ends: (i: number) => boolean): Promise<number> {
  const db = await worldDb();
  try {
    expect(await importFiles(db, caseload(40))).toMatchObject({ ok: true });
    const { session, statements } = counting(sqliteImportSession(db));
    const report = await importOnSession(session, csvFolder(caseload(40, (i) => !ends(i))), { now: new Date(WORLD_DAY.getTime() + 86_400_000), allowMassEnd: true });
    expect(report).toMatchObject({ ok: true });
    return statements();
  } finally {
    db.close();
  }
}

describe("the import's planning reads current versions per table, not per fact", () => {
  it('ending 2 cases or 30 takes the same number of statements', async () => {
    const few = await statementsEnding((i) => i < 2);
    const many = await statementsEnding((i) => i < 30);
    expect(many).toBe(few);
  });
});
