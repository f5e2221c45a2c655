import { defineConfig } from 'vitest/config';

const ALONE = ['test/integration/several-instances.test.ts', 'test/bot/delivery/outbox-workers-postgres.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine. Most test files wait on
    // child processes, sockets and fsync rather than the CPU, so two run side by side in about half the time. (Three
    // were 1 min faster on 2026-11-26, but load-sensitive tests then failed now and then: a lookup beside an import.)
    maxWorkers: 2,
    setupFiles: ['test/support/setup-worlds.ts'],
    // `include` and `globalSetup` only in the projects: with `extends`, a project's lists are added to the root's.
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: [...ALONE], globalSetup: ['test/e2e/unpack-chromium.ts', 'test/support/postgres-notice.ts'] } },
      // Two delivery workers sharing Teams' budget, against a connector that answers 429 at the limit: run after the rest
      // and one at a time, so another file's load on a 2-core machine does not add to the timing they test.
      { extends: true, test: { name: 'alone', include: [...ALONE], sequence: { groupOrder: 1 }, fileParallelism: false } },
    ],
  },
});
