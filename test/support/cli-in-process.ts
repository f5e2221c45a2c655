export type CliResult = { code: number | null; stdout: string; stderr: string };

/**
 * Runs a command's runner (e.g. `runAudit`) inside the test process, as its own process would with `argv` and `env`
 * (DATABASE_PATH and DATABASE_URL come only from `env`, as the spawning tests do), capturing what it writes to
 * stdout and stderr. For cases that only vary the arguments or the data; each command keeps at least one spawned
 * run per outcome, so its wiring (exit status, streams, environment) is still tested end to end.
 * `cwd`: the folder it runs in (the test pool is forks, where a worker may change it).
 * Everything patched is restored, also when the runner throws. Runs must not overlap (they share process.env).
 */
export async function runCliInProcess(run: (argv: string[]) => Promise<number>, argv: readonly string[], env: Readonly<Record<string, string>> = {}, options: { cwd?: string } = {}): Promise<CliResult> {
  const savedCwd = process.cwd();
  const savedEnv = { ...process.env };
  const streams = [process.stdout, process.stderr] as const;
  const savedWrites = streams.map((stream) => stream.write);
  const captured = ['', ''];
  streams.forEach((stream, index) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured[index] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  });
  delete process.env.DATABASE_PATH;
  delete process.env.DATABASE_URL;
  Object.assign(process.env, env);
  try {
    if (options.cwd !== undefined) process.chdir(options.cwd);
    const code = await run([...argv]);
    return { code, stdout: captured[0]!, stderr: captured[1]! };
  } finally {
    process.chdir(savedCwd);
    streams.forEach((stream, index) => {
      stream.write = savedWrites[index]!;
    });
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }
}
