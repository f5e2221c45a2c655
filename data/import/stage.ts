import { byDialect, jsonValues } from '../sql/dialect.js';
import type { EntitySpec } from './entity-specs.js';
import type { ImportSession } from './import-session.js';
import { createTempTable, dropTempTable } from './temp-tables.js';

export function stageColumns(spec: EntitySpec): string[] {
  return [...spec.key, ...spec.attributes, 'source_from', 'source_to'];
}

/**
 * A connection-local TEMP table holding the file's validated rows with their line numbers. Writing it takes no lock
 * on the main database, so checking a large file never blocks the running bot.
 */
export async function createStage(session: ImportSession, spec: EntitySpec) {
  const { sql, temp } = session;
  const columns = stageColumns(spec);
  const held = heldTable(spec);
  await createTempTable(session, spec.stage, { like: spec.table, columns, lead: { name: 'line' } });
  await createTempTable(session, held, { like: spec.table, columns: spec.key });
  return {
    columns,
    /** Rows as positional values: the line, then `columns` in order. */
    insertMany: (rows: readonly (readonly unknown[])[]) => session.withoutWriteLock(() => session.insertRows(spec.stage, ['line', ...columns], rows)),
    index: () =>
      sql.run(
        byDialect(sql, {
          sqlite: `CREATE INDEX temp.${spec.stage}_key ON ${spec.stage} (${spec.key.join(', ')}, source_from)`,
          postgres: `CREATE INDEX ${spec.stage}_key ON pg_temp.${spec.stage} (${spec.key.join(', ')}, source_from)`,
        }),
      ),
    /** Remembers the keys of rejected rows: the stored facts they name are left as they are this time. */
    holdKeys: (keys: readonly (readonly string[])[]) => session.insertRows(held, spec.key, keys),
    /** Takes rejected rows out of the stage, holding their keys back. */
    reject: async (lines: readonly number[]) => {
      if (lines.length === 0) return;
      const listed = `line IN (SELECT CAST(value AS integer) FROM ${jsonValues(sql, '@lines')})`;
      await session.withoutWriteLock(async () => {
        const listedLines = { lines: JSON.stringify(lines) };
        await sql.run(`INSERT INTO ${temp}${held} SELECT ${spec.key.join(', ')} FROM ${temp}${spec.stage} WHERE ${listed}`, listedLines);
        await sql.run(`DELETE FROM ${temp}${spec.stage} WHERE ${listed}`, listedLines);
      });
    },
    drop: async () => {
      await dropTempTable(session, spec.stage);
      await dropTempTable(session, held);
    },
  };
}

/** Keys of rejected rows (see `holdKeys`). */
export function heldTable(spec: EntitySpec): string {
  return `${spec.stage}_held`;
}

export type Stage = Awaited<ReturnType<typeof createStage>>;
