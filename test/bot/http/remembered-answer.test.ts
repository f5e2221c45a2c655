import { describe, expect, it } from 'vitest';
import { rememberedFor } from '../../../bot/http/remembered-answer.js';

describe('rememberedFor', () => {
  it('runs the check at most once per period and gives the last answer in between', () => {
    let clock = 0;
    let runs = 0;
    let answer: string | null = 'database write lock held by another process';
    const readiness = rememberedFor(1000, () => {
      runs++;
      return answer;
    }, () => clock);

    for (let call = 0; call < 500; call++) expect(readiness()).toBe('database write lock held by another process');
    expect(runs).toBe(1);

    answer = null;
    clock = 999;
    expect(readiness()).toBe('database write lock held by another process');
    clock = 1000;
    expect(readiness()).toBeNull();
    expect(runs).toBe(2);
  });
});
