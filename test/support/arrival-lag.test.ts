import { describe, expect, it } from 'vitest';
import { arrivalLagsMs, spread } from './arrival-lag.js';

describe("a send's lag from its count to its arrival (the kill test's log line)", () => {
  it('measures each arrival from its conversation’s latest count at or before it, and leaves out arrivals with none', () => {
    const counts = new Map([
      ['19:a', [1000, 1300, 1050]],
      ['19:b', [2000]],
    ]);
    const arrivals = [
      { conversationId: '19:a', at: 1060 }, // counted at 1050 (1000 is older)
      { conversationId: '19:a', at: 1400 }, // counted again at 1300
      { conversationId: '19:b', at: 1990 }, // before any count of its conversation
      { conversationId: '19:c', at: 5000 }, // no count at all
    ];
    expect(arrivalLagsMs(counts, arrivals)).toEqual([10, 100]);
  });

  it('summarises as median, 99th percentile and maximum', () => {
    expect(spread([])).toBe('none');
    expect(spread([5, 1, 3])).toBe('3 / 5 / 5 ms');
    expect(spread(Array.from({ length: 200 }, (_, i) => i))).toBe('100 / 198 / 199 ms');
  });
});
