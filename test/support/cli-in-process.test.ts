import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { print, printError } from '../../bot/cli/cli-output.js';
import { runCliInProcess } from './cli-in-process.js';

const KEY = 'BROBYGGER_CLI_IN_PROCESS_TEST';

afterEach(() => {
  delete process.env[KEY];
});

describe('runCliInProcess', () => {
  it('gives the runner argv, env (without the inherited DATABASE_PATH/DATABASE_URL) and cwd; returns its code and what it wrote', async () => {
    const cwd = process.cwd();
    process.env.DATABASE_PATH = 'inherited.sqlite';
    try {
      const result = await runCliInProcess(
        async (argv) => {
          print(`argv ${argv.join(' ')} cwd ${process.cwd()} ${KEY}=${process.env[KEY]} DATABASE_PATH=${process.env.DATABASE_PATH ?? '(unset)'}`);
          printError('fejl');
          return 2;
        },
        ['--a', 'b'],
        { [KEY]: 'set' },
        { cwd: tmpdir() },
      );
      expect(result).toEqual({ code: 2, stdout: `argv --a b cwd ${tmpdir()} ${KEY}=set DATABASE_PATH=(unset)\n`, stderr: 'fejl\n' });
      expect(process.env.DATABASE_PATH).toBe('inherited.sqlite');
      expect(process.cwd()).toBe(cwd);
    } finally {
      delete process.env.DATABASE_PATH;
    }
  });

  it('restores the streams, the environment and the folder also when the runner throws', async () => {
    const cwd = process.cwd();
    const writes = [process.stdout.write, process.stderr.write];
    await expect(
      runCliInProcess(
        async () => {
          throw new Error('boom');
        },
        [],
        { [KEY]: 'set' },
        { cwd: tmpdir() },
      ),
    ).rejects.toThrow('boom');
    expect([process.stdout.write, process.stderr.write]).toEqual(writes);
    expect(process.env[KEY]).toBeUndefined();
    expect(process.cwd()).toBe(cwd);
  });
});
