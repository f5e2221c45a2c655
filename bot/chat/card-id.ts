import { z } from 'zod';

const CANONICAL_DECIMAL = /^[1-9]\d{0,15}$/;

/**
 * A store id in card button data: a positive safe integer, as the card templates write it, or the same number as a
 * canonical decimal string (Adaptive Card inputs are strings). Nothing is coerced: `[1]`, `true`, `" 1 "`, `"01"`,
 * `"1e3"` and `1.5` are refused, so a forged press cannot reach an id the card never carried.
 */
export const cardId = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(CANONICAL_DECIMAL, 'must be a whole number written without signs, spaces or leading zeros')
    .transform(Number)
    .pipe(z.number().max(Number.MAX_SAFE_INTEGER)),
]);

/** An optional card id where the card writes an empty string for "none" (e.g. the form's `correctsId`). */
export const optionalCardId = z.union([z.literal('').transform(() => undefined), cardId]).optional();
