import { describe, expect, it } from 'vitest';
import { eventDate, parseEvent } from '../../../bot/events/event-schemas.js';

const stopped = (data: Record<string, unknown>) => ({ type: 'benefit.stopped', timestamp: '2025-06-02T09:30:00+02:00', data: { cpr: '0101901234', benefit: 'kontanthjaelp', stop_date: '2025-06-02', reason: 'sanktion', ...data } });

describe('event payloads', () => {
  it('accepts the legacy benefit names and a CPR with a dash, and dates the event by its stop date', () => {
    const parsed = parseEvent(stopped({ cpr: '010190-1234', benefit: 'selvforsoergelses_og_hjemrejseydelse' }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.event.data.cpr).toBe('0101901234');
    expect(eventDate(parsed.event)).toBe('2025-06-02');
  });

  it('does not reject a CPR that fails the modulus-11 check', () => {
    expect(parseEvent(stopped({ cpr: '0101001002' })).ok).toBe(true);
  });

  it('names each problem with its field', () => {
    expect(parseEvent({ type: 'benefit.stopped', data: {} })).toEqual({ ok: false, problems: ['timestamp: must be an ISO 8601 timestamp'] });
    const parsed = parseEvent(stopped({ cpr: undefined, benefit: 'boligstøtte', bif_caseworker_id: '' }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual(expect.arrayContaining(['data.cpr: must be a CPR number (10 digits)', expect.stringMatching(/^data\.benefit: must be one of kontanthjaelp, /), expect.stringMatching(/^data\.bif_caseworker_id: /)]));
  });

  it('refuses unknown fields at the top level as in data, naming each', () => {
    expect(parseEvent({ ...stopped({}), priority: 'high' })).toEqual({ ok: false, problems: ['body: unknown field(s) "priority"'] });
    expect(parseEvent(stopped({ colour: 'blue' }))).toEqual({ ok: false, problems: ['data: unknown field(s) "colour"'] });
  });

  it('refuses a body that is not an object, and data that is not an object', () => {
    expect(parseEvent([]).ok).toBe(false);
    const parsed = parseEvent({ type: 'case.closed', timestamp: '2025-06-02T09:30:00Z', data: 'x' });
    expect(parsed).toEqual({ ok: false, problems: ['data: must be an object'] });
  });
});
