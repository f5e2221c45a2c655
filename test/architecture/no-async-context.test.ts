import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../bot/paths/project-root.js';

const root = projectRoot();

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('units of work without an async context', () => {
  // On Node 20 AsyncLocalStorage puts promise hooks on every promise of the process (0.3–0.6 ms CPU per turn):
  // PostgreSQL's units bind their repositories to each frame instead (data/postgres/frame-repositories.ts).
  it('data/postgres uses neither AsyncLocalStorage nor node:async_hooks', () => {
    const using = sourceFiles(join(root, 'data', 'postgres'))
      .filter((file) => /['"](node:)?async_hooks['"]|new AsyncLocalStorage\b|AsyncLocalStorage</.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(using).toEqual([]);
  });
});
