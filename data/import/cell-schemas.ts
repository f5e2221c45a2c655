import { z } from 'zod';
import { validateCpr } from '../../bot/cpr/validate-cpr.js';
import { maskCpr } from '../../bot/cpr/mask-cpr.js';
import { normalisePhone } from '../../bot/phone/normalise-phone.js';

/** Cells arrive as strings; these turn them into stored values with messages an operator can act on (Danish). */

export const requiredText = (what: string) =>
  z.string().transform((value, ctx) => {
    const trimmed = value.trim();
    if (trimmed === '') {
      ctx.addIssue({ code: 'custom', message: `mangler ${what}` });
      return z.NEVER;
    }
    return trimmed;
  });

export const optionalText = z.string().transform((value) => (value.trim() === '' ? null : value.trim()));

export const idColumn = (what: string) =>
  requiredText(what).pipe(z.string().max(64, `${what} må højst have 64 tegn`).regex(/^[\p{L}\p{N}._:\-/]+$/u, `${what} må kun indeholde bogstaver, tal og . _ : - /`));

export const optionalId = (what: string) =>
  z.string().transform((value, ctx) => {
    const trimmed = value.trim();
    if (trimmed === '') return null;
    if (!/^[\p{L}\p{N}._:\-/]{1,64}$/u.test(trimmed)) {
      ctx.addIssue({ code: 'custom', message: `"${trimmed}" er ikke et gyldigt ${what}` });
      return z.NEVER;
    }
    return trimmed;
  });

export const phoneColumn = z.string().transform((value, ctx) => {
  if (value.trim() === '') return null;
  const parsed = normalisePhone(value);
  if (parsed.ok) return parsed.e164;
  ctx.addIssue({ code: 'custom', message: `"${value}" er ikke et telefonnummer (8 cifre, evt. med +45)` });
  return z.NEVER;
});

export const emailColumn = z.string().transform((value, ctx) => {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!z.email().safeParse(trimmed).success) {
    ctx.addIssue({ code: 'custom', message: `"${trimmed}" er ikke en e-mailadresse` });
    return z.NEVER;
  }
  return trimmed.toLowerCase();
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const aadObjectIdColumn = z.string().transform((value, ctx) => {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!GUID.test(trimmed)) {
    ctx.addIssue({ code: 'custom', message: `"${trimmed}" er ikke et Entra ID-objekt-id (GUID som 00000000-0000-0000-0000-000000000000)` });
    return z.NEVER;
  }
  return trimmed.toLowerCase();
});

const YES = new Set(['ja', 'j', 'yes', 'y', 'true', '1', 'x']);
const NO = new Set(['nej', 'n', 'no', 'false', '0', '']);

export const flagColumn = z.string().transform((value, ctx) => {
  const key = value.trim().toLowerCase();
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  ctx.addIssue({ code: 'custom', message: `"${value}" skal være ja eller nej` });
  return z.NEVER;
});

export const cprColumn = z.string().transform((value, ctx) => {
  const result = validateCpr(value.trim());
  if (result.ok) return result.cpr as string;
  const shown = value.trim().length >= 6 ? maskCpr(value.trim()) : value.trim();
  const why =
    result.problem.kind === 'length'
      ? `har ${result.problem.digits} cifre, skal have 10`
      : result.problem.kind === 'format'
        ? 'må kun indeholde cifre (og evt. bindestreg)'
        : result.problem.kind === 'date'
          ? 'indeholder ikke en gyldig fødselsdato'
          : 'har en fødselsdato i fremtiden';
  ctx.addIssue({ code: 'custom', message: `"${shown}" er ikke et gyldigt CPR-nummer: ${why}` });
  return z.NEVER;
});

/** A `|`-separated list cell, e.g. roles `caseworker|manager`. */
export const listColumn = <T extends string>(allowed: readonly T[], what: string) =>
  z.string().transform((value, ctx) => {
    const items = value.split('|').map((item) => item.trim().toLowerCase()).filter(Boolean);
    const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `ukendt ${what}: ${unknown.map((item) => `"${item}"`).join(', ')} (tilladt: ${allowed.join(', ')})` });
      return z.NEVER;
    }
    return [...new Set(items)].sort() as T[];
  });

export const administrationColumn = z.string().transform((value, ctx) => {
  const code = value.trim().toUpperCase();
  if (!/^[A-ZÆØÅ-]{2,20}$/.test(code)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" er ikke en forvaltningskode (fx BIF eller SOF)` });
    return z.NEVER;
  }
  return code;
});
