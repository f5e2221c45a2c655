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

/** The same rule for a current version already read into memory: is `date` inside its inclusive period? */
export function periodContains(period: { validFrom: string; validTo: string | null }, date: string): boolean {
  return period.validFrom <= date && (period.validTo === null || period.validTo >= date);
}

/** The same rule as inForceDuring for a period read into memory: does it share a day with from … to? */
export function periodOverlaps(period: { validFrom: string; validTo: string | null }, from: string, to: string): boolean {
  return period.validFrom <= to && (period.validTo === null || period.validTo >= from);
}
