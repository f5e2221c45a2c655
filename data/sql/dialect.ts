import type { Dialect, Sql } from './sql.js';

/**
 * The one place a repository's SQL differs by engine: both texts side by side, so a reader sees the difference and
 * a test runs each on its engine. Only where no SQL both engines speak says the same (`ON CONFLICT DO NOTHING`
 * rather than `INSERT OR IGNORE`, `RETURNING id` rather than lastInsertRowid, `CASE` rather than `max(a = b)`).
 */
export function byDialect(sql: Sql | Dialect, texts: { readonly sqlite: string; readonly postgres: string }): string {
  const dialect = typeof sql === 'string' ? sql : sql.dialect;
  return texts[dialect];
}

/**
 * The elements of a JSON array passed as one `@name` parameter (its text), as a table with one column `value`:
 * SQLite's `json_each`, PostgreSQL's `json_array_elements_text`. E.g. `WHERE cpr IN (SELECT value FROM ${jsonValues(sql, '@cprs')})`.
 */
export function jsonValues(sql: Sql | Dialect, parameter: string): string {
  return byDialect(sql, {
    sqlite: `json_each(${parameter})`,
    postgres: `json_array_elements_text(${parameter}::json) AS value`,
  });
}
