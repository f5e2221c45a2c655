import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaDir } from '../../bot/cli/manifest-schema.js';
import { projectFile } from '../../bot/paths/project-root.js';

const SHARED = projectFile('..', 'shared', 'schemas');
const sums = readFileSync(projectFile('manifest', 'schemas', 'SHA256SUMS'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split(/\s+/) as [string, string]);

describe('the copies of the official schemas', () => {
  it('are the files validation reads', () => {
    expect(schemaDir()).toBe(projectFile('manifest', 'schemas'));
    expect(sums.map(([, file]) => file).sort()).toEqual(['adaptive-card-1.5.schema.json', 'teams-manifest-localization-v1.25.schema.json', 'teams-manifest-v1.25.schema.json']);
  });

  it.each(sums)('%s is unchanged (SHA-256), and identical to ../shared/schemas where that exists', (sum, file) => {
    const copy = readFileSync(join(schemaDir(), file));
    expect(createHash('sha256').update(copy).digest('hex')).toBe(sum);
    const shared = join(SHARED, file);
    if (existsSync(shared)) expect(readFileSync(shared).equals(copy)).toBe(true);
  });
});
