import type pg from 'pg';
import type { Db } from '../../../data/store/open-database.js';

/** What the schema contract compares across the engines: names and constraints, not types (they differ by design). */
export type SchemaShape = {
  /** table → column → NOT NULL (a primary key column counts as NOT NULL). */
  columns: Record<string, Record<string, boolean>>;
  /** table → its primary key's columns, in key order. */
  primaryKeys: Record<string, string[]>;
  /** One line per secondary index: `table unique? (columns) where predicate`, sorted; index names left out. */
  indexes: string[];
};

/** SQLite's full-text tables (guide search), which the PostgreSQL baseline leaves out. */
export const SQLITE_ONLY_TABLES = /^(guide_search(_data|_idx|_content|_docsize|_config)?|guide_terms)$/;

/** `(state = 'pending'::text)` and `state = 'pending'` read the same. */
function normalisedPredicate(predicate: string | null): string {
  if (!predicate) return '';
  return ` where ${predicate.replace(/::text/g, '').replace(/[()]/g, '').replace(/\s+/g, ' ').trim().toLowerCase()}`;
}

const indexLine = (table: string, unique: boolean, columns: string[], predicate: string | null) =>
  `${table} ${unique ? 'unique ' : ''}(${columns.join(', ')})${normalisedPredicate(predicate)}`;

export function sqliteShape(db: Db): SchemaShape {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[])
    .filter((table) => !SQLITE_ONLY_TABLES.test(table));
  const shape: SchemaShape = { columns: {}, primaryKeys: {}, indexes: [] };
  for (const table of tables) {
    const columns = db.prepare(`SELECT name, "notnull", pk FROM pragma_table_info(?)`).all(table) as { name: string; notnull: number; pk: number }[];
    shape.columns[table] = Object.fromEntries(columns.map((c) => [c.name, c.notnull === 1 || c.pk > 0]));
    shape.primaryKeys[table] = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const indexes = db.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?)').all(table) as { name: string; unique: number; origin: string }[];
    for (const index of indexes.filter((i) => i.origin !== 'pk')) {
      const columnsOf = db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index.name) as string[];
      const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(index.name) as string | null;
      const predicate = sql ? (/\bWHERE\s+(.+)$/is.exec(sql)?.[1] ?? null) : null;
      shape.indexes.push(indexLine(table, index.unique === 1, columnsOf, predicate));
    }
  }
  shape.indexes.sort();
  return shape;
}

export async function postgresShape(db: pg.Pool): Promise<SchemaShape> {
  const shape: SchemaShape = { columns: {}, primaryKeys: {}, indexes: [] };
  const columns = await db.query<{ table_name: string; column_name: string; is_nullable: string }>(
    `SELECT c.table_name, c.column_name, c.is_nullable FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`,
  );
  for (const row of columns.rows) (shape.columns[row.table_name] ??= {})[row.column_name] = row.is_nullable === 'NO';
  const indexes = await db.query<{ table_name: string; primary: boolean; unique: boolean; columns: string[]; predicate: string | null }>(
    `SELECT t.relname AS table_name, i.indisprimary AS primary, i.indisunique AS unique,
            array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
            pg_get_expr(i.indpred, i.indrelid) AS predicate
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
      WHERE s.nspname = current_schema()`,
  );
  for (const index of indexes.rows) {
    if (index.primary) shape.primaryKeys[index.table_name] = index.columns;
    else shape.indexes.push(indexLine(index.table_name, index.unique, index.columns, index.predicate));
  }
  for (const table of Object.keys(shape.columns)) shape.primaryKeys[table] ??= [];
  shape.indexes.sort();
  return shape;
}
