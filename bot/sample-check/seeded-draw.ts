import { randomInt } from 'node:crypto';

/**
 * Seeds are whole numbers of at most nine digits, short enough to type again — and never ten digits, which the CLI's
 * output filter would take for a CPR number and mask.
 */
export const MAX_SEED = 999_999_999;

export function newSeed(): number {
  return randomInt(0, MAX_SEED + 1);
}

/** mulberry32: a small 32-bit PRNG, so the same seed gives the same numbers on every Node version and machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` distinct positions out of 0 … count-1, in the order drawn (a partial Fisher–Yates shuffle). The same seed and
 * count always give the same positions; only the positions drawn are materialised, so a count of millions is cheap.
 */
export function drawPositions(count: number, n: number, seed: number): number[] {
  const next = mulberry32(seed);
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const drawn: number[] = [];
  for (let i = 0; i < Math.min(n, count); i++) {
    const j = i + Math.floor(next() * (count - i));
    const picked = at(j);
    swapped.set(j, at(i));
    drawn.push(picked);
  }
  return drawn;
}
