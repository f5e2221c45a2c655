/**
 * npm run bench:retention is not a script; run: npx tsx test/bench/retention-bench.ts [--citizens N] [--due-every K]
 *
 * Imports the benchmark's synthetic citizens (every citizen has an open BIF case; here every K-th citizen's cases are
 * closed in 2024/2025 instead, so they are past CITIZEN_RETENTION_MONTHS=12), adds one audit row per citizen spread
 * over 2024-01 … 2026-11 (the older part past AUDIT_RETENTION_MONTHS=24), then times the dry run, the retention run
 * (what `npm run retention` does, without the build) and the chain verification afterwards.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runImport } from '../../bot/cli/import.js';
import { SqliteAuditLog } from '../support/sqlite-audit-log.js';
import { verifyAuditChain } from '../../data/repositories/verify-audit-chain.js';
import { retentionCutoffs } from '../../data/retention/retention-cutoffs.js';
import { planRetention, RetentionRun } from '../../data/retention/retention-run.js';
import { openDatabase } from '../../data/store/open-database.js';
import { SqliteSql } from '../../data/sqlite/sqlite-sql.js';
import { generateSyntheticData } from './generate-synthetic-data.js';

const { values } = parseArgs({ options: { citizens: { type: 'string', default: '1000000' }, 'due-every': { type: 'string', default: '10' } } });
const citizens = Number(values.citizens);
const dueEvery = Number(values['due-every']);
const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

const work = mkdtempSync(join(tmpdir(), 'brobygger-retention-bench-'));
try {
  const csv = join(work, 'csv');
  await generateSyntheticData(csv, { citizens, cases: citizens * 2 });
  const due = new Set<string>();
  let index = 0;
  for await (const line of createInterface({ input: createReadStream(join(csv, 'citizens.csv')) })) {
    if (index++ > 0 && (index - 2) % dueEvery === 0) due.add(line.slice(0, 10));
  }
  const closed = createWriteStream(join(csv, 'cases.closed.csv'));
  for await (const line of createInterface({ input: createReadStream(join(csv, 'cases.csv')) })) {
    const ended = due.has(line.slice(0, 10)) && line.endsWith(',') ? `${line}${line.includes(',2024-01-01,') ? '2024-06-30' : '2025-03-31'}` : line;
    if (!closed.write(`${ended}\n`)) await once(closed, 'drain');
  }
  closed.end();
  await once(closed, 'finish');
  rmSync(join(csv, 'cases.csv'));
  const { renameSync } = await import('node:fs');
  renameSync(join(csv, 'cases.closed.csv'), join(csv, 'cases.csv'));

  const database = join(work, 'bench.sqlite');
  let started = performance.now();
  if ((await runImport([csv, '--database', database])) !== 0) throw new Error('import failed');
  out(`import of ${citizens.toLocaleString('en')} citizens, ${(citizens * 2).toLocaleString('en')} cases: ${seconds(started)}`);

  const db = openDatabase(database);
  const audit = new SqliteAuditLog(db);
  started = performance.now();
  const from = Date.UTC(2024, 0, 1);
  const span = Date.UTC(2026, 10, 25) - from;
  const append = db.transaction((first: number, count: number) => {
    for (let i = first; i < first + count; i++) {
      audit.append({ at: new Date(from + Math.floor((span * i) / citizens)), action: 'lookup', purpose: 'koordinering', result: 'shown', actorEmployeeId: 'E0', actorAadObjectId: null, actorAdministration: 'BIF', citizenCpr: null, asOf: null });
    }
  });
  for (let first = 0; first < citizens; first += 10_000) append(first, Math.min(10_000, citizens - first));
  out(`audit rows appended: ${citizens.toLocaleString('en')} in ${seconds(started)}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  out(`database before: ${(statSync(database).size / 2 ** 20).toFixed(0)} MB`);

  const cutoffs = retentionCutoffs(new Date('2026-11-26T10:00:00Z'), { citizenMonths: 12, auditMonths: 24 });
  started = performance.now();
  const planned = await planRetention(new SqliteSql(db), cutoffs);
  out(`dry run: ${seconds(started)} — ${JSON.stringify(planned)}`);
  started = performance.now();
  const deleted = await new RetentionRun({ sql: new SqliteSql(db), cutoffs, trigger: 'command', clock: () => new Date() }).runToEnd();
  out(`retention run: ${seconds(started)} — ${JSON.stringify(deleted)}`);
  started = performance.now();
  const verification = verifyAuditChain(db);
  out(`verify afterwards: ${seconds(started)} — rows ${verification.rows}, first break ${JSON.stringify(verification.firstBreak)}`);
  out(`database after: ${(statSync(database).size / 2 ** 20).toFixed(0)} MB (secure_delete zeroes pages; the file does not shrink without VACUUM)`);
  db.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
