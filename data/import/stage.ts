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
  db.exec(`DROP TABLE IF EXISTS temp.${spec.stage}`);
  db.exec(`CREATE TEMP TABLE ${spec.stage} (line INTEGER PRIMARY KEY, ${columns.join(', ')})`);
  const insert = db.prepare(`INSERT INTO temp.${spec.stage} (line, ${columns.join(', ')}) VALUES (@line, ${columns.map((c) => `@${c}`).join(', ')})`);
  return {
    insertMany: db.transaction((rows: Record<string, unknown>[]) => {
      for (const row of rows) insert.run(row);
    }),
    index: () => db.exec(`CREATE INDEX temp.${spec.stage}_key ON ${spec.stage} (${spec.key.join(', ')}, source_from)`),
    remove: (lines: readonly number[]) => {
      const remove = db.prepare(`DELETE FROM temp.${spec.stage} WHERE line = ?`);
      db.transaction(() => lines.forEach((line) => remove.run(line)))();
    },
    count: () => db.prepare(`SELECT count(*) FROM temp.${spec.stage}`).pluck().get() as number,
    drop: () => db.exec(`DROP TABLE IF EXISTS temp.${spec.stage}`),
  };
}

export type Stage = ReturnType<typeof createStage>;
