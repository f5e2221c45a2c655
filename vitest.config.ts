import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine. Most test files wait on
    // child processes, sockets and fsync rather than the CPU, so three run side by side on two cores (measured on
    // 2026-11-26: 8 min 16 s with two, 7 min 05 s with three). With every store on PostgreSQL the server needs the
    // cores too, so two.
    maxWorkers: process.env.TEST_STORE_ENGINE === 'postgres' ? 2 : 3,
    globalSetup: ['test/e2e/unpack-chromium.ts', 'test/support/postgres-notice.ts'],
    setupFiles: ['test/support/setup-worlds.ts'],
  },
});
