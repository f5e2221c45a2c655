import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodProblems } from '../../../bot/http/zod-problems.js';

describe('zodProblems: what an API answer quotes of the caller\'s own fields', () => {
  const strict = z.strictObject({ title: z.string() });
  const problems = (body: unknown) => {
    const parsed = strict.safeParse(body);
    if (parsed.success) throw new Error('expected a problem');
    return zodProblems(parsed.error);
  };

  it('names unknown fields so the caller can fix them', () => {
    expect(problems({ title: 'x', titel: 'y' })).toEqual(['body: unknown field(s) "titel"']);
  });

  it('never quotes a CPR number, nor more than 60 characters of a field name or more than 10 names', () => {
    const keys = Object.fromEntries([['0101901234', 1], ['k'.repeat(10_000), 1], ...Array.from({ length: 500 }, (_, i) => [`extra${i}`, 1])]);
    const [line] = problems({ title: 'x', ...keys });
    expect(line).not.toContain('0101901234');
    expect(line).toContain('"010190-xxxx"');
    expect(line).toContain(`"${'k'.repeat(60)}"`);
    expect(line).toContain('and 492 more');
    expect(line!.length).toBeLessThan(1_000);
  });
});
