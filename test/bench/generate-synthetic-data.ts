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
 */
export async function generateSyntheticData(folder: string, size: SyntheticSize): Promise<{ sampleCprs: string[]; caseworkerAad: string }> {
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

  const cprs = [...syntheticCprs(size.citizens)];
  await writeLines(join(folder, 'citizens.csv'), 'cpr,name', (function* () {
    for (let i = 0; i < cprs.length; i++) yield `${cprs[i]},Borger ${i}`;
  })());
  const extra = size.cases - cprs.length;
  await writeLines(join(folder, 'cases.csv'), 'cpr,administration,unit_id,caseworker_id,category,green_line,valid_from,valid_to', (function* () {
    for (let i = 0; i < cprs.length; i++) {
      yield `${cprs[i]},BIF,BIF-T${i % 100},E${(i % 2500) * 2},${BIF_CATEGORIES[i % BIF_CATEGORIES.length]},${i % 50 === 0 ? 'ja' : 'nej'},2024-01-01,`;
      if (i < extra) {
        yield i % 5 < 3
          ? `${cprs[i]},SOF,SOF-T${i % 100},E${(i % 2500) * 2 + 1},${SOF_GROUPS[i % SOF_GROUPS.length]},nej,2025-01-01,`
          : `${cprs[i]},BIF,JC-OLD,,gammel_match_4,nej,2015-01-01,2023-12-31`;
      }
    }
  })());
  // Citizens 0..extra with i % 5 < 3 have an SOF case; employee E0 (BIF) is caseworker on citizens with i % 2500 == 0.
  const sampleCprs = cprs.filter((_, i) => i < extra && i % 5 < 3).slice(0, 2000);
  return { sampleCprs, caseworkerAad: aad(0) };
}
