import { stdnum } from 'stdnum';

const dkCpr = (() => {
  const validator = stdnum.DK?.cpr;
  if (!validator) throw new Error('stdnum no longer provides DK.cpr: check the stdnum version');
  return validator;
})();

/** A CPR number that passed format and date validation, in compact form (10 digits). */
export type Cpr = string & { readonly __brand: 'Cpr' };

export type CprProblem =
  | { kind: 'length'; digits: number }
  | { kind: 'format' }
  | { kind: 'date'; day: string; month: string; year: number }
  | { kind: 'future'; birthDate: string };

export type CprValidation = { ok: true; cpr: Cpr; birthDate: string } | { ok: false; problem: CprProblem };

/**
 * Validates format, a real birth date and the century given by the 7th digit (via stdnum's dk.cpr).
 * The modulus-11 check is deliberately not applied: numbers issued since 2007 may fail it.
 */
export function validateCpr(input: string): CprValidation {
  const compact = input.replace(/[\s\-\u2010\u2011\u2013]/g, '');
  if (!/^\d+$/.test(compact)) return { ok: false, problem: { kind: 'format' } };
  if (compact.length !== 10) return { ok: false, problem: { kind: 'length', digits: compact.length } };
  const year = fullYear(compact);
  const day = compact.slice(0, 2);
  const month = compact.slice(2, 4);
  if (!stdnumAccepts(compact)) {
    if (isRealDate(year, Number(month), Number(day))) {
      return { ok: false, problem: { kind: 'future', birthDate: `${year}-${month}-${day}` } };
    }
    return { ok: false, problem: { kind: 'date', day, month, year } };
  }
  return { ok: true, cpr: compact as Cpr, birthDate: `${year}-${month}-${day}` };
}

/**
 * stdnum's verdict depends only on the birth date and the century digit (the first seven digits) once the number
 * is ten digits, so it is remembered per prefix: an import validates millions of numbers sharing few birth dates.
 */
const verdicts = new Map<string, boolean>();

function stdnumAccepts(compact: string): boolean {
  const prefix = compact.slice(0, 7);
  let verdict = verdicts.get(prefix);
  if (verdict === undefined) {
    if (verdicts.size >= 200_000) verdicts.clear();
    verdict = dkCpr.validate(compact).isValid;
    verdicts.set(prefix, verdict);
  }
  return verdict;
}

/** The birth year from the two-digit year and the 7th digit (the CPR office's century table). */
export function fullYear(compact: string): number {
  const yy = Number(compact.slice(4, 6));
  const digit7 = Number(compact[6]);
  if (digit7 <= 3) return 1900 + yy;
  if (digit7 === 4 || digit7 === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
