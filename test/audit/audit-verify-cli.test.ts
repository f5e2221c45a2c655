import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../data/migrations/index.js';
import { SqliteAuditLog } from '../support/sqlite-audit-log.js';
import { openDatabase } from '../../data/store/open-database.js';
import { runAudit } from '../../bot/cli/audit.js';
import { projectFile } from '../../bot/paths/project-root.js';
import type { AuditEntry } from '../../data/repositories/audit-log.js';
import { emptyDatabase, removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import { runCliInProcess } from '../support/cli-in-process.js';
import { sqlValue } from '../support/raw-sql.js';

afterEach(removeTempFolders);

/** `npm run audit -- --verify` as an operator runs it: the real CLI in its own process (`database`: DATABASE_URL or DATABASE_PATH). */
function audit(...args: string[]) {
  return auditOn({}, ...args);
}

function auditOn(database: Readonly<Record<string, string>>, ...args: string[]) {
  const { DATABASE_PATH: _path, DATABASE_URL: _url, ...inherited } = process.env;
  const loader = pathToFileURL(projectFile('node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const result = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', loader, projectFile('bot', 'cli', 'audit.ts'), ...args], { env: { ...inherited, ...database }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same command through its runner in this process (same arguments, no DATABASE_PATH/DATABASE_URL): for the cases
 * that only vary the data. Exit 0 on stdout and exit 1 on stderr stay real processes below; exit 2 is spawned by
 * audit-sample-cli.test.ts and test/bot/cli/audit-cli.test.ts.
 */
function auditInProcess(...args: string[]) {
  return runCliInProcess(runAudit, args);
}

const lookup = (i: number): AuditEntry => ({ at: new Date(Date.UTC(2026, 2, 1, 9, 0, i)), action: 'lookup', purpose: 'koordinering', result: 'shown', actorEmployeeId: 'E-ANNA', actorAadObjectId: null, actorAdministration: 'BIF', citizenCpr: '0101901234', asOf: '2026-03-01' });

function databaseWithRows(count: number): string {
  const path = join(tempFolder(), 'audit.sqlite');
  const db = openDatabase(path);
  const audit = new SqliteAuditLog(db);
  for (let i = 0; i < count; i++) {
    audit.append(lookup(i));
  }
  db.close();
  return path;
}

function tamper(path: string, sql: string): void {
  const db = openDatabase(path);
  db.exec(sql);
  db.close();
}

describe('npm run audit -- --verify on the engine under test', { timeout: 60_000 }, () => {
  it('an intact chain: exit 0, "Intakt: N rækker, hoved <hash>"; with the head the log printed, it is found unchanged', async () => {
    const database = await emptyDatabase();
    const store = await database.open();
    for (let i = 0; i < 4; i++) await store.transaction((tx) => tx.audit.append(lookup(i)));
    const head = await sqlValue<string>(store, 'SELECT row_hash FROM audit_log WHERE id = 4');
    expect(auditOn(database.env, '--verify')).toEqual({ code: 0, stdout: `Intakt: 4 rækker, hoved ${head}\n`, stderr: '' });
    expect(await runCliInProcess(runAudit, ['--verify', '--head', `4:${head}`], database.env)).toMatchObject({ code: 0, stdout: expect.stringContaining('\nDet loggede hoved (række 4) findes uændret i kæden.\n') });
  });
});

describe('npm run audit -- --verify on a SQLite file (changed behind the app: its triggers dropped)', { timeout: 60_000 }, () => {
  it('an intact chain: exit 0, "Intakt: N rækker, hoved <hash>"', async () => {
    const path = databaseWithRows(4);
    const db = openDatabase(path, { readonly: true });
    const head = db.prepare('SELECT row_hash FROM audit_log WHERE id = 4').pluck().get();
    db.close();
    expect(await auditInProcess('--verify', '--database', path)).toEqual({ code: 0, stdout: `Intakt: 4 rækker, hoved ${head}\n`, stderr: '' });
  });

  it('a deleted row: exit 1, naming the first row that does not verify and why', () => {
    const path = databaseWithRows(4);
    tamper(path, 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2');
    expect(audit('--verify', '--database', path)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Revisionsloggen er ikke intakt (3 rækker gennemgået):\n' +
        '  Række 3 verificerer ikke: række 2 mangler (slettet).\n' +
        '  Triggeren audit_log_no_delete mangler: databasens skema er ændret uden om appen, så rækkerne kan være ændret.\n',
    });
  });

  it('an edited row behind a dropped trigger: exit 1, that row', async () => {
    const path = databaseWithRows(4);
    tamper(path, "DROP TRIGGER audit_log_no_rewrite; UPDATE audit_log SET result = 'refused' WHERE id = 3");
    const { code, stderr } = await auditInProcess('--verify', '--database', path);
    expect(code).toBe(1);
    expect(stderr).toContain('  Række 3 verificerer ikke: indholdet passer ikke med rækkens hash (rækken eller dens hash er ændret).\n');
  });

  it('--head: a head copied from the log that the chain no longer reaches (newest rows cut off): exit 1', async () => {
    const path = databaseWithRows(4);
    const db = openDatabase(path, { readonly: true });
    const logged = `4:${db.prepare('SELECT row_hash FROM audit_log WHERE id = 4').pluck().get()}`;
    db.close();
    expect(await auditInProcess('--verify', '--head', logged, '--database', path)).toMatchObject({ code: 0, stdout: expect.stringContaining('\nDet loggede hoved (række 4) findes uændret i kæden.\n') });
    tamper(path, 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 4; CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, \'x\'); END;');
    expect((await auditInProcess('--verify', '--database', path)).code).toBe(0);
    expect(await auditInProcess('--verify', '--head', logged, '--database', path)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Revisionsloggen er ikke intakt (3 rækker gennemgået):\n  Række 4 fra det loggede hoved findes ikke: kæden er afkortet.\n',
    });
  });

  it('--head that is not <række>:<hash>: exit 2, saying how to write it', async () => {
    const path = databaseWithRows(1);
    const { code, stderr } = await auditInProcess('--verify', '--head', '12:abc', '--database', path);
    expect(code).toBe(2);
    expect(stderr).toBe(`"12:abc" er ikke et hoved fra loggen. Skriv det som <række>:<hash>, fx 1234:${'0'.repeat(64)} (lastId og hash fra auditChainHead).\n`);
  });

  it('a database this version has not opened yet: exit 2, saying when it gets its chain', async () => {
    const path = join(tempFolder(), 'old.sqlite');
    openDatabase(path, { migrations: migrations.filter((migration) => migration.version < 11) }).close();
    expect(await auditInProcess('--verify', '--database', path)).toEqual({ code: 2, stdout: '', stderr: `Databasen ${path} har endnu ingen hashkæde: den kædes, næste gang botten eller npm run import åbner den.\n` });
  });

  it('--verify together with --cpr, or neither: exit 2 with the usage', async () => {
    const path = databaseWithRows(0);
    for (const args of [['--verify', '--cpr', '010190-1234', '--database', path], ['--database', path]]) {
      const { code, stderr } = await auditInProcess(...args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^Brug: npm run audit -- --cpr <cpr-nummer>/);
    }
  });
});
