/**
 * Triggers that make a history table append-only: rows are never deleted, and the only update allowed is stamping
 * `superseded_at` once (the moment a newer version replaced this one). `UPDATE OF` fires when a listed column is set,
 * whatever its value, so any attempt to rewrite history is refused.
 */
export function appendOnlyTriggers(table: string, immutableColumns: readonly string[], options: { supersedable: boolean }): string {
  const lines = [
    `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
       BEGIN SELECT RAISE(ABORT, '${table} is append-only: rows cannot be deleted'); END;`,
    `CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OF ${immutableColumns.join(', ')} ON ${table}
       BEGIN SELECT RAISE(ABORT, '${table} is append-only: history cannot be rewritten'); END;`,
  ];
  if (options.supersedable) {
    lines.push(
      `CREATE TRIGGER ${table}_supersede_once BEFORE UPDATE OF superseded_at ON ${table}
         WHEN OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL
         BEGIN SELECT RAISE(ABORT, '${table}: a version can be superseded only once'); END;`,
    );
  }
  return lines.join('\n');
}
