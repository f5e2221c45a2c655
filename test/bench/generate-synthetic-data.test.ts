import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFolder, type FileReport } from '../../data/import/import-folder.js';
import { openDatabase } from '../../data/store/open-database.js';
import { generateSyntheticData } from './generate-synthetic-data.js';

const work = mkdtempSync(join(tmpdir(), 'brobygger-synthetic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('synthetic data for the benchmark: day 2', () => {
  it('is the same world with a day of changes that a full import accepts: most rows unchanged, far under the mass-end guard', async () => {
    const size = { citizens: 20_000, cases: 40_000 };
    const dayOne = await generateSyntheticData(join(work, 'day1'), size);
    const dayTwo = await generateSyntheticData(join(work, 'day2'), size, { day: 2 });
    expect(readdirSync(join(work, 'day2')).sort()).toEqual(readdirSync(join(work, 'day1')).sort());
    expect(dayTwo).toEqual(dayOne);

    const db = openDatabase(join(work, 'bench.sqlite'));
    try {
      expect((await importFolder(db, join(work, 'day1'), { now: new Date() })).ok).toBe(true);
      const report = await importFolder(db, join(work, 'day2'), { now: new Date() });
      expect(report.problems).toEqual([]);
      const file = (name: string) => report.files.find((f) => f.file === name) as FileReport;
      expect(file('units.csv')).toMatchObject({ added: 0, changed: 0, ended: 0 });
      expect(file('employees.csv')).toMatchObject({ added: 0, changed: 0, ended: 0 });

      const citizens = file('citizens.csv');
      expect(citizens.added).toBe(40); // 0.2 % new
      expect(citizens.changed).toBeGreaterThan(20); // renamed: about 0.5 % of those the lookups do not ask about
      expect(citizens.changed).toBeLessThan(200);
      expect(citizens.ended).toBe(0);

      const cases = file('cases.csv');
      const inForce = 20_000 + 12_000; // every citizen's BIF case, and an SOF case for 3 in 5 of the first 20,000
      expect(cases.ended).toBeGreaterThan(inForce * 0.002); // moved (0.5 %) and ended (0.1 %)
      expect(cases.ended).toBeLessThan(inForce * 0.02);
      expect(cases.changed).toBeGreaterThan(inForce * 0.002); // another caseworker and category (0.5 %)
      expect(cases.added).toBeGreaterThan(40); // the new citizens' cases and the moved ones
      expect(cases.unchanged).toBeGreaterThan(cases.rows * 0.97);
    } finally {
      db.close();
    }
  });
});
