/** The "in force" rule of data/validity/in-force.ts, for periods already read into memory. */

/** The same rule for a current version already read into memory: is `date` inside its inclusive period? */
export function periodContains(period: { validFrom: string; validTo: string | null }, date: string): boolean {
  return period.validFrom <= date && (period.validTo === null || period.validTo >= date);
}

/** The same rule as inForceDuring for a period read into memory: does it share a day with from … to? */
export function periodOverlaps(period: { validFrom: string; validTo: string | null }, from: string, to: string): boolean {
  return period.validFrom <= to && (period.validTo === null || period.validTo >= from);
}
