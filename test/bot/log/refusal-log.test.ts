import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../bot/log/logger.js';
import { RefusalLog } from '../../../bot/log/refusal-log.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { log, lines };
}

describe('RefusalLog: refusals anyone can cause cannot fill the disk through the log', () => {
  afterEach(() => vi.useRealTimers());

  it('logs the first refusals of each kind in a window, counts the rest, and sums them up in one line when the window is over', () => {
    let now = 0;
    const refusals = new RefusalLog({ perWindow: 3, windowMs: 60_000, now: () => now });
    const { log, lines } = capture();
    for (let i = 0; i < 1000; i++) refusals.warn(log, { path: `/nothing-${i}` }, 'request rejected');
    for (let i = 0; i < 2; i++) refusals.warn(log, { remote: '127.0.0.1' }, 'API call refused: missing or wrong key');
    expect(lines.map((line) => line.msg)).toEqual([...Array(3).fill('request rejected'), ...Array(2).fill('API call refused: missing or wrong key')]);
    expect(lines.map((line) => line.path).filter(Boolean)).toEqual(['/nothing-0', '/nothing-1', '/nothing-2']);

    now = 60_000;
    refusals.warn(log, { path: '/again' }, 'request rejected');
    const summary = lines.find((line) => line.msg === 'more refusals of this kind were not logged one by one');
    expect(summary).toMatchObject({ level: 40, refusal: 'request rejected', notLogged: 997, seconds: 60 });
    expect(lines.filter((line) => line.msg === 'more refusals of this kind were not logged one by one')).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ msg: 'request rejected', path: '/again' });
  });

  it('writes the summary when the window ends even if no further refusal arrives', () => {
    vi.useFakeTimers();
    const refusals = new RefusalLog({ perWindow: 1, windowMs: 60_000 });
    const { log, lines } = capture();
    for (let i = 0; i < 5; i++) refusals.warn(log, {}, 'event refused: signature');
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(lines.at(-1)).toMatchObject({ refusal: 'event refused: signature', notLogged: 4 });
  });
});
