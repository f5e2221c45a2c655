import type { Store } from '../../data/store/store.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { addDays, BEGINNING_OF_TIME, copenhagenDate } from '../../domain/dates/iso-date.js';
import { parseDate } from '../../domain/dates/parse-date.js';
import { messages } from '../i18n/messages.js';
import { describeRule, LOOKUP_ACTIONS } from '../sample-check/audited-lookups.js';
import { drawPositions, MAX_SEED, newSeed } from '../sample-check/seeded-draw.js';

export const MAX_SAMPLE = 1000;

export type SampleOptions = { size: number; from: string; to: string; seed: number };

const DAY = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short' });
const TIME = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' });

/** The sample's options, or the Danish sentence that says what to write instead. */
export function parseSampleOptions(raw: { sample: string; from?: string; to?: string; seed?: string }, now: Date): SampleOptions | { problem: string } {
  const size = /^\d{1,7}$/.test(raw.sample.trim()) ? Number(raw.sample.trim()) : NaN;
  if (!(size >= 1 && size <= MAX_SAMPLE)) return { problem: `"${raw.sample}" er ikke et antal opslag. Skriv et helt tal fra 1 til ${MAX_SAMPLE}, fx --sample 20.` };
  const dates: Record<'from' | 'to', string> = { from: BEGINNING_OF_TIME, to: copenhagenDate(now) };
  for (const key of ['from', 'to'] as const) {
    const text = raw[key];
    if (text === undefined) continue;
    const parsed = parseDate(text);
    if (!parsed.ok) {
      return { problem: parsed.reason === 'no-such-date' ? `--${key} ${text}: den dato findes ikke.` : `--${key} ${text}: skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-01-31.` };
    }
    dates[key] = parsed.date;
  }
  if (dates.from > dates.to) return { problem: `Perioden slutter (${dates.to}) før den begynder (${dates.from}).` };
  let seed = newSeed();
  if (raw.seed !== undefined) {
    seed = /^\d{1,10}$/.test(raw.seed.trim()) ? Number(raw.seed.trim()) : NaN;
    if (!(seed <= MAX_SEED)) return { problem: `"${raw.seed}" er ikke et seed. Brug det tal, en tidligere stikprøve udskrev (et helt tal fra 0 til ${MAX_SEED}).` };
  }
  return { size, ...dates, seed };
}

/**
 * The lines of a reproducible random sample of lookups in the period (Copenhagen days, both ends included): the
 * candidates are taken in audit-row order and drawn by the seed, so the same seed on the same rows draws the same
 * sample. Citizens are masked; the employee is named, since the review is of what employees did.
 */
export async function sampleLines(store: Store, options: SampleOptions): Promise<string[]> {
  const { auditSample: reads, employees } = store;
  // Rows are stored in UTC: read a day either side, then keep the Copenhagen days asked for.
  const candidates = (await reads
    .lookupsBetween(LOOKUP_ACTIONS, `${addDays(options.from, -1)}T00:00:00.000Z`, `${addDays(options.to, 2)}T00:00:00.000Z`))
    .filter((row) => {
      const day = copenhagenDate(new Date(row.at));
      return day >= options.from && day <= options.to;
    });
  const period = `${options.from === BEGINNING_OF_TIME ? 'fra begyndelsen' : DAY.format(new Date(`${options.from}T12:00:00Z`))} til ${DAY.format(new Date(`${options.to}T12:00:00Z`))}`;
  const chosen = drawPositions(candidates.length, options.size, options.seed)
    .map((position) => candidates[position]!.id)
    .sort((a, b) => a - b);
  const lines = [
    `Stikprøve af opslag ${period}: ${chosen.length} af ${candidates.length}, seed ${options.seed} (samme stikprøve igen: --seed ${options.seed})`,
  ];
  const purposes = messages('da').audit.purpose;
  for (const [index, id] of chosen.entries()) {
    const row = (await reads.row(id))!;
    const employee = row.employeeId ? await employees.findById(row.employeeId, copenhagenDate(new Date(row.at))) : null;
    const who = row.employeeId ? `${row.employeeId} ${employee?.name ?? '(ukendt navn)'}` : 'ikke registreret medarbejder';
    lines.push(
      `${index + 1}. ${TIME.format(new Date(row.at))} | ${who} (${row.administration ?? 'ukendt forvaltning'}) | borger ${maskCpr(row.cpr)} | ` +
        `${purposes[row.purpose] ?? row.purpose} | vist: ${row.shown.length > 0 ? row.shown.join(', ') : 'intet'} | ${describeRule(row.result, row.detail)}`,
    );
  }
  return lines;
}
