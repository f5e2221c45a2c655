import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine. Most test files wait on
    // child processes, sockets and fsync rather than the CPU, so two run side by side in about half the time. (Three
    // were 1 min faster on 2026-11-26, but load-sensitive tests then failed now and then: a lookup beside an import.)
    maxWorkers: 2,
    globalSetup: ['test/e2e/unpack-chromium.ts', 'test/support/postgres-notice.ts'],
    setupFiles: ['test/support/setup-worlds.ts'],
  },
});
