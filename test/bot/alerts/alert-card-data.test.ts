import { describe, expect, it } from 'vitest';
import { alertCard } from '../../../bot/alerts/alert-card-data.js';
import { acceptEvent } from '../../../bot/events/accept-event.js';
import { parseEvent } from '../../../bot/events/event-schemas.js';
import type { Store } from '../../../data/store/store.js';
import { ALERT_WORLD_CSV } from '../../support/alert-world.js';
import { CITIZENS, worldStore } from '../../support/world.js';

const NOW = new Date('2025-06-02T10:00:00Z');

async function acceptAlert(store: Store, body: Record<string, unknown>): Promise<number> {
  const parsed = parseEvent(body);
  if (!parsed.ok) throw new Error(parsed.problems.join());
  const accepted = await store.transaction((tx) => acceptEvent(tx, 'msg_category', parsed.event, NOW, { dropNonShared: false, fallbackUnitId: undefined }));
  return (accepted as { alertId: number }).alertId;
}

async function factsOf(store: Store, alertId: number, locale: 'da' | 'en'): Promise<{ title: string; value: string }[]> {
  const reply = await alertCard(store, (await store.alerts.find(alertId))!, locale);
  if (reply.kind === 'text') throw new Error('expected a card');
  return (reply.data as { facts: { title: string; value: string }[] }).facts;
}

describe('alert card: a changed category', () => {
  it('shows the category labels of the lookup, not the stored codes', async () => {
    const store = await worldStore(ALERT_WORLD_CSV);
    const id = await acceptAlert(store, { type: 'category.changed', timestamp: '2025-06-02T09:00:00Z', data: { cpr: CITIZENS.shared, from: 'aktivitetsparat', to: 'ny_match_1', date: '2025-06-02' } });
    const facts = await factsOf(store, id, 'da');
    expect(facts).toContainEqual({ title: 'Fra', value: expect.stringMatching(/^Aktivitetsparat \(svarer til gammel matchgruppe/) });
    expect(facts).toContainEqual({ title: 'Til', value: expect.stringMatching(/^Ny matchgruppe 1 \(svarer til/) });
    expect(JSON.stringify(facts)).not.toMatch(/aktivitetsparat|ny_match_1/);
    expect(await factsOf(store, id, 'en')).toContainEqual({ title: 'From', value: expect.stringMatching(/^Activity-ready \(aktivitetsparat\)/) });
  });

  it('keeps a category it does not know as written', async () => {
    const store = await worldStore(ALERT_WORLD_CSV);
    const id = await acceptAlert(store, { type: 'category.changed', timestamp: '2025-06-02T09:00:00Z', data: { cpr: CITIZENS.shared, from: 'Kategori X', to: 'jobparat', date: '2025-06-02' } });
    expect(await factsOf(store, id, 'da')).toEqual(expect.arrayContaining([{ title: 'Fra', value: 'Kategori X' }, { title: 'Til', value: expect.stringMatching(/^Jobparat/) }]));
  });
});
