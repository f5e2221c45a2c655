import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../data/repositories/audit-log.js';
import type { Store } from '../../data/store/store.js';
import { runAudit } from '../../bot/cli/audit.js';
import { projectFile } from '../../bot/paths/project-root.js';
import { drawPositions } from '../../bot/sample-check/seeded-draw.js';
import { runCliInProcess } from '../support/cli-in-process.js';
import { sqlValue } from '../support/raw-sql.js';
import { CITIZENS, PEOPLE, worldDatabase } from '../support/world.js';

type Audited = { env: Readonly<Record<string, string>>; store: Store };

/** `npm run audit -- --sample` as the data controller runs it: the real CLI in its own process, on `database`. */
function audit(database: Audited, ...args: string[]) {
  const { DATABASE_PATH: _path, DATABASE_URL: _url, ...inherited } = process.env;
  const loader = pathToFileURL(projectFile('node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const result = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', loader, projectFile('bot', 'cli', 'audit.ts'), ...args], { env: { ...inherited, ...database.env }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same command run in this process (its runner, same arguments and environment): for cases that vary only the arguments or the data. */
function auditInProcess(database: Audited, ...args: string[]) {
  return runCliInProcess(runAudit, args, database.env);
}

const lookup = (at: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(at),
  action: 'citizen.lookup',
  purpose: 'single_point_of_entry',
  result: 'shown',
  actorEmployeeId: PEOPLE.anna.id,
  actorAadObjectId: PEOPLE.anna.aadObjectId,
  actorAdministration: 'BIF',
  citizenCpr: CITIZENS.shared,
  asOf: at.slice(0, 10),
  shown: ['name', 'bif.unit', 'sof.caseworker'],
  detail: { basis: 'caseworker' },
  ...overrides,
});

/**
 * March 2026 in Copenhagen (CET until 29 March, then CEST): 20 lookups inside it, one just before and one just after,
 * each of those two on the other side of midnight in UTC; plus a refusal and a row that is no lookup.
 */
async function auditedDatabase(): Promise<Audited> {
  const world = await worldDatabase();
  const store = await world.open();
  const log = { append: (entry: AuditEntry) => store.transaction((tx) => tx.audit.append(entry)) };
  await log.append(lookup('2026-02-28T22:59:00Z')); // 28 February 23:59 in Copenhagen: outside
  await log.append(lookup('2026-02-28T23:30:00Z', { citizenCpr: CITIZENS.moved })); // 1 March 00:30: inside
  for (let day = 2; day <= 20; day++) await log.append(lookup(`2026-03-${String(day).padStart(2, '0')}T09:00:00Z`));
  await log.append(lookup('2026-03-31T21:30:00Z', { citizenCpr: CITIZENS.sofOnly })); // 31 March 23:30 CEST: inside
  await log.append(lookup('2026-03-31T22:30:00Z')); // 1 April 00:30 CEST: outside
  await log.append(
    lookup('2026-03-21T09:00:00Z', { result: 'refused', actorEmployeeId: PEOPLE.fatima.id, actorAdministration: null, shown: [], detail: { reason: 'not-a-shared-citizen' }, citizenCpr: CITIZENS.bifOnly }),
  );
  await log.append(lookup('2026-03-22T09:00:00Z', { action: 'alert.claimed', purpose: 'advis' })); // not a lookup
  return { env: world.env, store };
}

const MARCH = ['--from', '2026-03-01', '--to', '2026-03-31'];

describe('npm run audit -- --sample', { timeout: 300_000 }, () => {
  it('draws the same sample for the same seed and data, prints the seed, and a new seed when none is given', async () => {
    const database = await auditedDatabase();
    const first = audit(database, '--sample', '5', ...MARCH, '--seed', '12345');
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe('Stikprøve af opslag 01.03.2026 til 31.03.2026: 5 af 22, seed 12345 (samme stikprøve igen: --seed 12345)');
    expect(lines).toHaveLength(6);
    expect((await auditInProcess(database, '--sample', '5', ...MARCH, '--seed', '12345')).stdout).toBe(first.stdout);
    expect((await auditInProcess(database, '--sample', '5', ...MARCH, '--seed', '54321')).stdout).not.toBe(first.stdout);

    const unseeded = await auditInProcess(database, '--sample', '3', ...MARCH);
    const seed = /seed (\d+)/.exec(unseeded.stdout)![1]!;
    expect((await auditInProcess(database, '--sample', '3', ...MARCH, '--seed', seed)).stdout).toBe(unseeded.stdout);
  });

  it('keeps to the Copenhagen days of the period, and counts only lookups of a citizen', async () => {
    const database = await auditedDatabase();
    const all = await auditInProcess(database, '--sample', '1000', ...MARCH, '--seed', '1');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(': 22 af 22, seed 1');
    expect(all.stdout).toContain('01.03.2026, 00.30');
    expect(all.stdout).toContain('31.03.2026, 23.30');
    expect(all.stdout).not.toContain('28.02.2026');
    expect(all.stdout).not.toContain('01.04.2026');
    expect(all.stdout).not.toContain('advis');
    expect((await auditInProcess(database, '--sample', '1000', '--from', '2026-04-01')).stdout).toMatch(/^Stikprøve af opslag 01\.04\.2026 til \d\d\.\d\d\.\d{4}: 1 af 1, seed \d+/);
  });

  it('each line: time, employee id and name, masked citizen, purpose, fields shown, and the need-to-know rule; never a full CPR number', async () => {
    const database = await auditedDatabase();
    const { stdout } = await auditInProcess(database, '--sample', '1000', ...MARCH);
    expect(stdout).toContain(
      '. 02.03.2026, 10.00 | E-ANNA Anna Jensen (BIF) | borger 010190-xxxx | Entydig indgang: find sagsbehandler og team | vist: name, bif.unit, sof.caseworker | tilladt (sagsbehandler med åben sag i egen forvaltning)\n',
    );
    expect(stdout).toContain('. 21.03.2026, 10.00 | E-FATIMA Fatima Ahmadi (ukendt forvaltning) | borger 150875-xxxx | Entydig indgang: find sagsbehandler og team | vist: intet | afvist (ikke fællesborger)\n');
    for (const cpr of Object.values(CITIZENS)) {
      expect(stdout).not.toContain(cpr);
      expect(stdout).not.toContain(`${cpr.slice(0, 6)}-${cpr.slice(6)}`);
    }
  });

  it('bad arguments: exit 2 and a Danish sentence saying what to write', async () => {
    const database = await auditedDatabase();
    const problems: [string[], string][] = [
      [['--sample', '0'], '"0" er ikke et antal opslag. Skriv et helt tal fra 1 til 1000, fx --sample 20.'],
      [['--sample', 'ti'], '"ti" er ikke et antal opslag. Skriv et helt tal fra 1 til 1000, fx --sample 20.'],
      [['--sample', '1001'], '"1001" er ikke et antal opslag. Skriv et helt tal fra 1 til 1000, fx --sample 20.'],
      [['--sample', '5', '--from', '31-02-2026'], '--from 31-02-2026: den dato findes ikke.'],
      [['--sample', '5', '--to', 'marts'], '--to marts: skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-01-31.'],
      [['--sample', '5', '--from', '2026-04-01', '--to', '2026-03-01'], 'Perioden slutter (2026-03-01) før den begynder (2026-04-01).'],
      [['--sample', '5', '--seed=-1'], '"-1" er ikke et seed. Brug det tal, en tidligere stikprøve udskrev (et helt tal fra 0 til 999999999).'],
      [['--sample', '5', '--seed', '1000000000'], '"1000000000" er ikke et seed. Brug det tal, en tidligere stikprøve udskrev (et helt tal fra 0 til 999999999).'],
    ];
    // The first through the process (exit status 2, the sentence on stderr), the others through the same runner in this process.
    for (const [index, [args, message]] of problems.entries()) {
      const result = index === 0 ? audit(database, ...args) : await auditInProcess(database, ...args);
      expect(result, args.join(' ')).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
    }
    // Options of the sample without --sample, or two modes at once: the usage.
    for (const args of [['--from', '2026-03-01'], ['--sample', '5', '--cpr', CITIZENS.shared], ['--sample', '5', '--verify']]) {
      const result = await auditInProcess(database, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('npm run audit -- --sample <antal>');
    }
  });

  it('reads the database read-only: a sample writes nothing', async () => {
    const database = await auditedDatabase();
    const count = () => sqlValue(database.store, 'SELECT count(*) FROM audit_log');
    const before = await count();
    expect((await auditInProcess(database, '--sample', '3')).code).toBe(0);
    expect(await count()).toBe(before);
  });
});

describe('the seeded draw', () => {
  it('gives distinct positions within the count, the same for the same seed, all of them when fewer exist', () => {
    const drawn = drawPositions(1_000_000, 20, 7);
    expect(new Set(drawn).size).toBe(20);
    expect(drawn.every((p) => p >= 0 && p < 1_000_000)).toBe(true);
    expect(drawPositions(1_000_000, 20, 7)).toEqual(drawn);
    expect(drawPositions(1_000_000, 20, 8)).not.toEqual(drawn);
    expect(drawPositions(5, 20, 7).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(drawPositions(0, 3, 7)).toEqual([]);
  });
});
