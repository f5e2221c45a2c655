import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../bot/events/event-schemas.js';

const at = '2025-06-02T09:30:00+02:00';

describe('free text in an event, shown on the alert card in a channel', () => {
  it('has any CPR number masked before it is stored, and the event is still accepted', () => {
    const parsed = parseEvent({ type: 'benefit.stopped', timestamp: at, data: { cpr: '0101901234', benefit: 'kontanthjaelp', stop_date: '2025-06-02', reason: 'sanktion', note: 'Borger 12.03.85\u20131127 udeblev; se også cpr\uFF10\uFF12\uFF10\uFF12\uFF18\uFF10\uFF11\uFF12\uFF13\uFF15. Sag 2024-0388567.' } });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.event.data).toMatchObject({ cpr: '0101901234', note: 'Borger 120385-xxxx udeblev; se også cpr020280-xxxx. Sag 2024-0388567.' });
  });

  it.each([
    [{ type: 'category.changed', timestamp: at, data: { cpr: '0101901234', from: 'ikke 0202801235', to: 'Kategori 2', date: '2025-06-02' } }, { from: 'ikke 020280-xxxx', to: 'Kategori 2' }],
    [{ type: 'action_plan.updated', timestamp: at, data: { cpr: '0101901234', status: 'sendt til 010190 1234', date: '2025-06-02' } }, { status: 'sendt til 010190-xxxx' }],
  ])('masks the other shown fields too: %j', (body, expected) => {
    const parsed = parseEvent(body);
    expect(parsed.ok && parsed.event.data).toMatchObject(expected);
  });
});
