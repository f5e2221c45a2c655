import { z } from 'zod';
import { validateCpr } from '../../domain/cpr/validate-cpr.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { normalisePhone } from '../../domain/phone/normalise-phone.js';

/** A reason a cell cannot be used, in the operators' words (Danish). */
export class CellProblem {
  constructor(readonly message: string) {}
}

/** How one column's text becomes its stored value, or why it cannot. */
export type Cell<T> = (raw: string) => T | CellProblem;

/**
 * The longest cell (in characters, after trimming) a column takes unless it says otherwise: enough for ids, codes,
 * dates, flags, CPR and phone numbers. Text columns name their own limit (see the README's Import section).
 */
export const SHORT_CELL = 100;

/** Longer than `maxLength`: refused before any other check, so nothing downstream sees (or echoes) a huge cell. */
export function cell<T>(convert: (raw: string) => T | CellProblem, maxLength = SHORT_CELL): Cell<Exclude<T, CellProblem>> {
  return ((raw: string) => (raw.length > maxLength ? tooLong(raw, maxLength) ?? convert(raw) : convert(raw))) as Cell<Exclude<T, CellProblem>>;
}

function tooLong(raw: string, maxLength: number): CellProblem | null {
  const length = raw.trim().length;
  return length > maxLength ? new CellProblem(`teksten er for lang: ${length} tegn (højst ${maxLength})`) : null;
}

type RowOf<C extends Record<string, Cell<unknown>>> = { [K in keyof C]: C[K] extends Cell<infer T> ? T : never };

/**
 * A row schema: zod checks that every column is a string (its fast path for plain objects), then one transform
 * converts the cells and reports each bad one as an issue on its column. One transform per row rather than per
 * cell matters: the importer runs this millions of times.
 */
export function rowSchema<C extends Record<string, Cell<unknown>>>(columns: C) {
  const names = Object.keys(columns);
  return z.object(Object.fromEntries(names.map((name) => [name, z.string()]))).transform((cells, ctx) => {
    const row: Record<string, unknown> = {};
    for (const name of names) {
      const value = columns[name]!(cells[name] as string);
      if (value instanceof CellProblem) ctx.addIssue({ code: 'custom', path: [name], message: value.message });
      else row[name] = value;
    }
    return row as RowOf<C>;
  });
}

export const requiredText = (what: string, maxLength: number) => cell((raw) => raw.trim() || new CellProblem(`mangler ${what}`), maxLength);

export const optionalText = (maxLength: number) => cell((raw) => raw.trim() || null, maxLength);

/** A person's or a unit's name. */
export const NAME_MAX = 200;

const ID = /^[\p{L}\p{N}._:\-/]{1,64}$/u;

export const idColumn = (what: string) =>
  cell((raw) => {
    const trimmed = raw.trim();
    if (trimmed === '') return new CellProblem(`mangler ${what}`);
    return ID.test(trimmed) ? trimmed : new CellProblem(`"${trimmed}" er ikke et gyldigt ${what} (højst 64 tegn: bogstaver, tal og . _ : - /)`);
  });

export const optionalId = (what: string) =>
  cell((raw) => {
    const trimmed = raw.trim();
    if (trimmed === '') return null;
    return ID.test(trimmed) ? trimmed : new CellProblem(`"${trimmed}" er ikke et gyldigt ${what} (højst 64 tegn: bogstaver, tal og . _ : - /)`);
  });

export const phoneColumn = cell((raw) => {
  if (raw.trim() === '') return null;
  const parsed = normalisePhone(raw);
  return parsed.ok ? parsed.e164 : new CellProblem(`"${raw}" er ikke et telefonnummer (8 cifre, evt. med +45)`);
});

const email = z.email();

/** The longest address SMTP allows (RFC 5321). */
export const EMAIL_MAX = 254;

export const emailColumn = cell((raw) => {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  return email.safeParse(trimmed).success ? trimmed.toLowerCase() : new CellProblem(`"${trimmed}" er ikke en e-mailadresse`);
}, EMAIL_MAX);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const aadObjectIdColumn = cell((raw) => {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  return GUID.test(trimmed) ? trimmed.toLowerCase() : new CellProblem(`"${trimmed}" er ikke et Entra ID-objekt-id (GUID som 00000000-0000-0000-0000-000000000000)`);
});

const YES = new Set(['ja', 'j', 'yes', 'y', 'true', '1', 'x']);
const NO = new Set(['nej', 'n', 'no', 'false', '0', '']);

export const flagColumn = cell((raw) => {
  const key = raw.trim().toLowerCase();
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  return new CellProblem(`"${raw}" skal være ja eller nej`);
});

/** Why a value is not a valid CPR number, in the operators' words, with the number masked; null when it is valid. */
export function cprProblem(value: string): string | null {
  const result = validateCpr(value.trim());
  if (result.ok) return null;
  const shown = value.trim().length >= 6 ? maskCpr(value.trim()) : value.trim();
  const why =
    result.problem.kind === 'length'
      ? `har ${result.problem.digits} cifre, skal have 10`
      : result.problem.kind === 'format'
        ? 'må kun indeholde cifre (og evt. bindestreg)'
        : result.problem.kind === 'date'
          ? 'indeholder ikke en gyldig fødselsdato'
          : 'har en fødselsdato i fremtiden';
  return `"${shown}" er ikke et gyldigt CPR-nummer: ${why}`;
}

/** A citizen's CPR number: fully validated (format, real date, century). */
export const cprColumn = cell((raw) => {
  const problem = cprProblem(raw);
  return problem === null ? raw.trim().replace(/[-\s]/g, '') : new CellProblem(problem);
});

/**
 * A CPR number that must refer to a known citizen (cases.csv). Only its shape is checked here: the reference check
 * requires the citizen in citizens.csv or the store, where the number was fully validated on the way in, and
 * explains an invalid number there. This spares the full check on millions of case rows.
 */
export const cprReferenceColumn = cell((raw) => {
  const compact = raw.trim().replace(/[-\s]/g, '');
  return /^\d{10}$/.test(compact) ? compact : new CellProblem(cprProblem(raw) ?? `"${raw}" er ikke et CPR-nummer`);
});

/** A `|`-separated list of known words (roles, skills). */
export const LIST_MAX = 500;

/** A `|`-separated list cell, e.g. roles `caseworker|manager`. */
export const listColumn = <T extends string>(allowed: readonly T[], what: string) =>
  cell((raw) => {
    const items = raw.split('|').map((item) => item.trim().toLowerCase()).filter(Boolean);
    const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (unknown.length > 0) return new CellProblem(`ukendt ${what}: ${unknown.map((item) => `"${item}"`).join(', ')} (tilladt: ${allowed.join(', ')})`);
    return [...new Set(items)].sort() as T[];
  }, LIST_MAX);

export const administrationColumn = cell((raw) => {
  const code = raw.trim().toUpperCase();
  return /^[A-ZÆØÅ-]{2,20}$/.test(code) ? code : new CellProblem(`"${raw}" er ikke en forvaltningskode (fx BIF eller SOF)`);
});
