/**
 * The one definition of "in force on a date" for a version row: the current belief (not superseded) whose
 * inclusive period contains the date. Every validity-dated read goes through this.
 */
export function inForceOn(alias: string, dateParameter = '@asOf'): string {
  return `(${alias}.superseded_at IS NULL AND ${alias}.valid_from <= ${dateParameter} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${dateParameter}))`;
}

/** Version rows in force on at least one day of the inclusive period from … to (the same rule, for a period). */
export function inForceDuring(alias: string, fromParameter = '@from', toParameter = '@to'): string {
  return `(${alias}.superseded_at IS NULL AND ${alias}.valid_from <= ${toParameter} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${fromParameter}))`;
}
