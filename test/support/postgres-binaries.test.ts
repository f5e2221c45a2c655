import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPostgresBin, PostgresBinariesMissing } from './postgres-binaries.js';

describe("finding PostgreSQL's server programs", () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'brobygger-pgbin-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function binFolder(path: string, programs = ['initdb', 'pg_ctl', 'psql']): Promise<string> {
    await mkdir(path, { recursive: true });
    for (const program of programs) {
      await writeFile(join(path, program), '#!/bin/sh\n');
      await chmod(join(path, program), 0o755);
    }
    return path;
  }

  it("takes Debian's newest major version, before PATH", async () => {
    await binFolder(join(root, 'debian', '9', 'bin'));
    const newest = await binFolder(join(root, 'debian', '15', 'bin'));
    const onPath = await binFolder(join(root, 'path'));
    expect(findPostgresBin({ PATH: onPath }, join(root, 'debian'))).toBe(newest);
  });

  it('falls back to the first PATH folder holding initdb, pg_ctl and psql together', async () => {
    const partial = await binFolder(join(root, 'client-only'), ['psql']);
    const full = await binFolder(join(root, 'full'));
    expect(findPostgresBin({ PATH: `${partial}:${full}` }, join(root, 'no-debian'))).toBe(full);
  });

  it('prefers POSTGRES_BIN, and refuses one without the programs, naming it', async () => {
    const chosen = await binFolder(join(root, 'chosen'));
    await binFolder(join(root, 'debian', '15', 'bin'));
    expect(findPostgresBin({ POSTGRES_BIN: chosen }, join(root, 'debian'))).toBe(chosen);
    expect(() => findPostgresBin({ POSTGRES_BIN: join(root, 'empty') }, join(root, 'debian'))).toThrow(
      `POSTGRES_BIN=${join(root, 'empty')} does not hold initdb, pg_ctl, psql`,
    );
  });

  it('says how to install them when they are nowhere', () => {
    const missing = () => findPostgresBin({ PATH: join(root, 'nothing') }, join(root, 'no-debian'));
    expect(missing).toThrow(PostgresBinariesMissing);
    expect(missing).toThrow('On Debian or Ubuntu install them as root with `apt-get update && apt-get install -y postgresql`');
  });
});
