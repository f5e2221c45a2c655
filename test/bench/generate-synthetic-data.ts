import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

export type SyntheticSize = { citizens: number; cases: number };

const BIF_CATEGORIES = ['aktivitetsparat', 'jobparat', 'ny_match_2', 'ny_match_3', 'uddannelsesparat'];
const SOF_GROUPS = ['misbrug', 'psykisk_sygdom', 'handicap', 'hjemloeshed', 'socialt_udsat'];

/** Format-valid CPR numbers, unique, born 1950–2003 (7th digit 0–3 for the 1900s and 4 for 2000–2003). */
export function* syntheticCprs(count: number): Generator<string> {
  let produced = 0;
  const start = Date.UTC(1950, 0, 1);
  for (let serial = 0; produced < count; serial++) {
    for (let day = 0; day < 19_700 && produced < count; day++) {
      const date = new Date(start + day * 86_400_000);
      const year = date.getUTCFullYear();
      const dd = String(date.getUTCDate()).padStart(2, '0');
      const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
      const yy = String(year % 100).padStart(2, '0');
      const seventh = year >= 2000 ? 4 : serial % 4;
      yield `${dd}${mm}${yy}${seventh}${String(serial).padStart(3, '0')}`;
      produced++;
    }
  }
}

async function writeLines(path: string, header: string, lines: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path);
  stream.write(`${header}\n`);
  let buffer = '';
  for (const line of lines) {
    buffer += `${line}\n`;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  stream.write(buffer);
  stream.end();
  await once(stream, 'finish');
}

/**
 * Writes units.csv (200 teams), employees.csv (5,000 caseworkers), citizens.csv and cases.csv: every citizen has an
 * open BIF case; the remaining cases are open SOF cases (60 %) or closed BIF history (40 %), up to `cases` rows.
 * Returns the CPR numbers of a few shared citizens and the caseworker who may look them up.
 * `day: 2` writes the same world the next day, with a day's changes (see `dayTwoChange`) in citizens and cases.
 */
export async function generateSyntheticData(folder: string, size: SyntheticSize, options: { day?: 1 | 2 } = {}): Promise<{ sampleCprs: string[]; caseworkerAad: string }> {
  const dayTwo = options.day === 2;
  mkdirSync(folder, { recursive: true });
  const units = ['BIF,Beskæftigelses- og Integrationsforvaltningen,BIF,,,,2009-01-01,', 'SOF,Socialforvaltningen,SOF,,,,2009-01-01,', 'JC-OLD,Jobcenter (før 2024),BIF,BIF,,,2009-01-01,2023-12-31'];
  for (let i = 0; i < 100; i++) units.push(`BIF-T${i},BIF team ${i},BIF,BIF,33 66 ${String(10 + (i % 90)).padStart(2, '0')} 00,bif-t${i}@kk.dk,2024-01-01,`);
  for (let i = 0; i < 100; i++) units.push(`SOF-T${i},SOF team ${i},SOF,SOF,33 17 ${String(10 + (i % 90)).padStart(2, '0')} 00,sof-t${i}@kk.dk,2025-01-01,`);
  writeFileSync(join(folder, 'units.csv'), `id,name,administration,parent_id,phone,email,valid_from,valid_to\n${units.join('\n')}\n`);

  const aad = (i: number) => `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const employees: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const side = i % 2 === 0 ? 'BIF' : 'SOF';
    employees.push(`E${i},Medarbejder ${i},e${i}@kk.dk,${aad(i)},,${side}-T${i % 100},caseworker,2020-01-01,`);
  }
  writeFileSync(join(folder, 'employees.csv'), `id,name,upn,aad_object_id,phone,unit_id,roles,valid_from,valid_to\n${employees.join('\n')}\n`);

  const existing = size.citizens;
  const cprs = [...syntheticCprs(dayTwo ? existing + Math.round(existing * DAY_TWO_NEW_CITIZENS) : existing)];
  const extra = size.cases - existing;
  // Citizens 0..extra with i % 5 < 3 have an SOF case; employee E0 (BIF) is caseworker on citizens with i % 2500 == 0.
  const sampleIndexes = cprs.map((_, i) => i).filter((i) => i < extra && i % 5 < 3).slice(0, SAMPLE_CITIZENS);
  const sampleCprs = sampleIndexes.map((i) => cprs[i]!);
  // The citizens the lookups ask about keep their facts on day 2, so every lookup has the same answer on either day.
  const firstChangeable = (sampleIndexes.at(-1) ?? -1) + 1;
  const change = (i: number, salt: number): DayTwoChange => (dayTwo && i >= firstChangeable ? dayTwoChange(i, salt) : 'unchanged');

  await writeLines(join(folder, 'citizens.csv'), 'cpr,name', (function* () {
    for (let i = 0; i < cprs.length; i++) yield `${cprs[i]},Borger ${i}${dayTwo && i >= firstChangeable && mix(i, 7) % 10_000 < 50 ? ' Omdøbt' : ''}`;
  })());
  await writeLines(join(folder, 'cases.csv'), 'cpr,administration,unit_id,caseworker_id,category,green_line,valid_from,valid_to', (function* () {
    for (let i = 0; i < cprs.length; i++) {
      const bif = i >= existing ? 'unchanged' : change(i, 1);
      const team = bif === 'moved' ? (i + 1) % 100 : i % 100;
      const worker = bif === 'moved' || bif === 'changed' ? (i + 7) % 2500 : i % 2500;
      const category = BIF_CATEGORIES[(i + (bif === 'changed' ? 1 : 0)) % BIF_CATEGORIES.length];
      if (bif !== 'ended') yield `${cprs[i]},BIF,BIF-T${team},E${worker * 2},${category},${i % 50 === 0 ? 'ja' : 'nej'},${i >= existing ? '2025-06-01' : '2024-01-01'},`;
      if (i < extra && i % 5 >= 3) yield `${cprs[i]},BIF,JC-OLD,,gammel_match_4,nej,2015-01-01,2023-12-31`;
      if (i < extra && i % 5 < 3) {
        const sof = change(i, 2);
        const sofTeam = sof === 'moved' ? (i + 1) % 100 : i % 100;
        const sofWorker = sof === 'moved' || sof === 'changed' ? (i + 7) % 2500 : i % 2500;
        const group = SOF_GROUPS[(i + (sof === 'changed' ? 1 : 0)) % SOF_GROUPS.length];
        if (sof !== 'ended') yield `${cprs[i]},SOF,SOF-T${sofTeam},E${sofWorker * 2 + 1},${group},nej,2025-01-01,`;
      }
    }
  })());
  return { sampleCprs, caseworkerAad: aad(0) };
}

const SAMPLE_CITIZENS = 2000;
/** New citizens on day 2 (each with an open BIF case), as a share of day 1's. */
const DAY_TWO_NEW_CITIZENS = 0.002;

type DayTwoChange = 'unchanged' | 'ended' | 'moved' | 'changed';

/**
 * A day's changes to one open case, chosen by a hash so a day-2 file always differs from day 1 the same way: 0.1 %
 * ended (absent from the file; far under the import's 20 % mass-end guard), 0.5 % moved to the next team with
 * another caseworker (the old case ends, a new one starts), 0.5 % with another caseworker and category.
 * 0.5 % of citizens are renamed.
 */
function dayTwoChange(i: number, salt: number): DayTwoChange {
  const draw = mix(i, salt) % 10_000;
  return draw < 10 ? 'ended' : draw < 60 ? 'moved' : draw < 110 ? 'changed' : 'unchanged';
}

/** murmur3's finaliser: spreads i (and a salt per kind of change) evenly, so changes do not follow i % 5 or i % 100. */
function mix(i: number, salt: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1) ^ salt;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
