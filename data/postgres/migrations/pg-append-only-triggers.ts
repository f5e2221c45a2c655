/**
 * PostgreSQL's spelling of data/migrations/append-only-triggers.ts, calling the baseline's refuse_change() and
 * refuse_delete_unless_retention_due(). Besides the row triggers it refuses TRUNCATE, which bypasses them.
 *
 * deletes: 'never' refuses every DELETE; 'when-retention-due' lets retention (migration 013) delete a listed
 * citizen's rows; 'own-trigger' writes no delete trigger, the table states its own rule next to this call.
 */
export function pgAppendOnlyTriggers(
  table: string,
  immutableColumns: readonly string[],
  options: { supersedable: boolean; deletes: 'never' | 'when-retention-due' | 'own-trigger' },
): string {
  const refuseDelete = options.deletes === 'when-retention-due' ? 'refuse_delete_unless_retention_due' : 'refuse_change';
  const lines: string[] = [];
  if (options.deletes !== 'own-trigger') {
    lines.push(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION ${refuseDelete}('${table} is append-only: rows cannot be deleted');`);
  }
  lines.push(`CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OF ${immutableColumns.join(', ')} ON ${table}
  FOR EACH ROW EXECUTE FUNCTION refuse_change('${table} is append-only: history cannot be rewritten');`);
  if (options.supersedable) {
    lines.push(`CREATE TRIGGER ${table}_supersede_once BEFORE UPDATE OF superseded_at ON ${table}
  FOR EACH ROW WHEN (OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL)
  EXECUTE FUNCTION refuse_change('${table}: a version can be superseded only once');`);
  }
  lines.push(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('${table} is append-only: it cannot be truncated');`);
  return lines.join('\n');
}
