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
  /** table → column → integer, real or text (bigint and integer are both integer). */
  types: Record<string, Record<string, string>>;
  /** table → how many CHECK constraints it has (NOT NULL aside). */
  checks: Record<string, number>;
  /** One line per foreign key: `table (columns) → table (columns)`, sorted. */
  foreignKeys: string[];
};

const TYPE_KINDS: Record<string, string> = { INTEGER: 'integer', TEXT: 'text', REAL: 'real', bigint: 'integer', integer: 'integer', text: 'text', 'double precision': 'real' };

/**
 * The guide's search index is the one engine-specific part of the schema: SQLite's FTS5 table and its vocabulary
 * (with FTS5's shadow tables), PostgreSQL's guide_search_index with a tsvector in a GIN index. Both hold the same
 * JavaScript-made terms and answer the same repository methods; test/data/postgres/guide-search.test.ts compares them.
 */
export const SQLITE_ONLY_TABLES = /^(guide_search(_data|_idx|_content|_docsize|_config)?|guide_terms)$/;
export const POSTGRES_ONLY_TABLES = /^guide_search_index$/;

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
  const shape: SchemaShape = { columns: {}, primaryKeys: {}, indexes: [], types: {}, checks: {}, foreignKeys: [] };
  for (const table of tables) {
    const columns = db.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`).all(table) as { name: string; type: string; notnull: number; pk: number }[];
    shape.columns[table] = Object.fromEntries(columns.map((c) => [c.name, c.notnull === 1 || c.pk > 0]));
    shape.types[table] = Object.fromEntries(columns.map((c) => [c.name, TYPE_KINDS[c.type] ?? c.type]));
    const tableSql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string;
    shape.checks[table] = tableSql.match(/\bCHECK\s*\(/g)?.length ?? 0;
    const keys = db.prepare('SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(table) as { id: number; table: string; from: string; to: string }[];
    for (const id of new Set(keys.map((key) => key.id))) {
      const parts = keys.filter((key) => key.id === id);
      shape.foreignKeys.push(`${table} (${parts.map((p) => p.from).join(', ')}) → ${parts[0]!.table} (${parts.map((p) => p.to).join(', ')})`);
    }
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
  shape.foreignKeys.sort();
  return shape;
}

export async function postgresShape(db: pg.Pool): Promise<SchemaShape> {
  const shape: SchemaShape = { columns: {}, primaryKeys: {}, indexes: [], types: {}, checks: {}, foreignKeys: [] };
  const columns = await db.query<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.is_nullable, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`,
  );
  for (const row of columns.rows) {
    if (POSTGRES_ONLY_TABLES.test(row.table_name)) continue;
    (shape.columns[row.table_name] ??= {})[row.column_name] = row.is_nullable === 'NO';
    (shape.types[row.table_name] ??= {})[row.column_name] = TYPE_KINDS[row.data_type] ?? row.data_type;
    shape.checks[row.table_name] ??= 0;
  }
  const constraints = await db.query<{ table_name: string; kind: string; columns: string[]; foreign_table: string | null; foreign_columns: string[] | null }>(
    `SELECT t.relname AS table_name, c.contype AS kind,
            array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
            f.relname AS foreign_table,
            array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS foreign_columns
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace s ON s.oid = t.relnamespace
       LEFT JOIN pg_class f ON f.oid = c.confrelid
      WHERE s.nspname = current_schema() AND c.contype IN ('c', 'f')`,
  );
  for (const row of constraints.rows) {
    if (POSTGRES_ONLY_TABLES.test(row.table_name)) continue;
    if (row.kind === 'c') shape.checks[row.table_name] = (shape.checks[row.table_name] ?? 0) + 1;
    else shape.foreignKeys.push(`${row.table_name} (${row.columns.join(', ')}) → ${row.foreign_table} (${row.foreign_columns!.join(', ')})`);
  }
  shape.foreignKeys.sort();
  const indexes = await db.query<{ table_name: string; primary: boolean; unique: boolean; columns: string[]; predicate: string | null }>(
    `SELECT t.relname AS table_name, i.indisprimary AS primary, i.indisunique AS unique,
            array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
            pg_get_expr(i.indpred, i.indrelid) AS predicate
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
      WHERE s.nspname = current_schema()`,
  );
  for (const index of indexes.rows) {
    if (POSTGRES_ONLY_TABLES.test(index.table_name)) continue;
    if (index.primary) shape.primaryKeys[index.table_name] = index.columns;
    else shape.indexes.push(indexLine(index.table_name, index.unique, index.columns, index.predicate));
  }
  for (const table of Object.keys(shape.columns)) shape.primaryKeys[table] ??= [];
  shape.indexes.sort();
  return shape;
}
