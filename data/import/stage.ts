import type { Db } from '../store/open-database.js';
import type { EntitySpec } from './entity-specs.js';

export function stageColumns(spec: EntitySpec): string[] {
  return [...spec.key, ...spec.attributes, 'source_from', 'source_to'];
}

/**
 * A connection-local TEMP table holding the file's validated rows with their line numbers. Writing it takes no lock
 * on the main database, so checking a large file never blocks the running bot.
 */
export function createStage(db: Db, spec: EntitySpec) {
  const columns = stageColumns(spec);
  const held = heldTable(spec);
  db.exec(`DROP TABLE IF EXISTS temp.${spec.stage}; DROP TABLE IF EXISTS temp.${held}`);
  db.exec(`CREATE TEMP TABLE ${spec.stage} (line INTEGER PRIMARY KEY, ${columns.join(', ')})`);
  db.exec(`CREATE TEMP TABLE ${held} (${spec.key.join(', ')})`);
  const holdKey = db.prepare(`INSERT INTO temp.${held} (${spec.key.join(', ')}) VALUES (${spec.key.map(() => '?').join(', ')})`);
  const insert = db.prepare(`INSERT INTO temp.${spec.stage} (line, ${columns.join(', ')}) VALUES (${['line', ...columns].map(() => '?').join(', ')})`);
  return {
    columns,
    /** Rows as positional values: the line, then `columns` in order (positional binding is the fast path). */
    insertMany: db.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(row);
    }),
    index: () => db.exec(`CREATE INDEX temp.${spec.stage}_key ON ${spec.stage} (${spec.key.join(', ')}, source_from)`),
    /** Remembers the key of a rejected row: the stored fact it names is left as it is this time. */
    holdKey: (key: readonly string[]) => void holdKey.run(key),
    /** Takes rejected rows out of the stage, holding their keys back. */
    reject: (lines: readonly number[]) => {
      const hold = db.prepare(`INSERT INTO temp.${held} SELECT ${spec.key.join(', ')} FROM temp.${spec.stage} WHERE line = ?`);
      const remove = db.prepare(`DELETE FROM temp.${spec.stage} WHERE line = ?`);
      db.transaction(() =>
        lines.forEach((line) => {
          hold.run(line);
          remove.run(line);
        }),
      )();
    },
    count: () => db.prepare(`SELECT count(*) FROM temp.${spec.stage}`).pluck().get() as number,
    drop: () => db.exec(`DROP TABLE IF EXISTS temp.${spec.stage}; DROP TABLE IF EXISTS temp.${held}`),
  };
}

/** Keys of rejected rows (see `holdKey`). */
export function heldTable(spec: EntitySpec): string {
  return `${spec.stage}_held`;
}

export type Stage = ReturnType<typeof createStage>;
