import { beforeEach, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../domain/dates/iso-date.js';
import { rankAgents } from '../../../bot/hotline/rank-agents.js';
import { skillFromText } from '../../../domain/skills/skills.js';
import type { Store } from '../../../data/store/store.js';
import { AGENTS, HOTLINE_WORLD_CSV, PEOPLE } from '../../support/hotline-world.js';
import { worldStore } from '../../support/world.js';

const NOW = new Date('2025-06-02T10:00:00Z');
const TODAY = '2025-06-02' as IsoDate;

describe('choosing hotline agents', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore(HOTLINE_WORLD_CSV);
  });
  const order = async (topic: string | null, open = true, now = NOW) => (await rankAgents(store, topic ? skillFromText(topic) : null, now, open)).map((agent) => agent.employee.id);

  it('reads skills from employees.csv, aliases included (uddannelseshjælp is kontanthjælp since July 2025)', async () => {
    expect((await store.employees.findById(AGENTS.carla.id, TODAY))!.skills).toEqual(['kontanthjaelp']);
    expect((await store.employees.findById(AGENTS.agnete.id, TODAY))!.skills).toEqual(['ressourceforloeb', 'sygedagpenge']);
  });

  it('puts agents with the skill first', async () => {
    expect((await order('kontanthjælp')).slice(0, 2).sort()).toEqual([AGENTS.bent.id, AGENTS.carla.id].sort());
    expect((await order('sygedagpenge'))[0]).toBe(AGENTS.agnete.id);
  });

  it('understands topics as callers write them: inflected, without æøå, or a synonym', () => {
    expect(skillFromText('Sygedagpengene')).toBe('sygedagpenge');
    expect(skillFromText('kontanthjaelp')).toBe('kontanthjaelp');
    expect(skillFromText('udeblivelse')).toBe('sanktioner');
    expect(skillFromText('ressource')).toBe('ressourceforloeb');
    expect(skillFromText('vejret')).toBeNull();
  });

  it('puts a skilled agent who is busy after a skilled one who is free, and marks them unavailable', async () => {
    await store.hotline.setPresence(AGENTS.bent.id, 'busy', NOW, TODAY);
    const ranked = await rankAgents(store, 'kontanthjaelp', NOW, true);
    expect(ranked.map((agent) => [agent.employee.id, agent.available])).toEqual([
      [AGENTS.carla.id, true],
      [AGENTS.bent.id, false],
      [AGENTS.agnete.id, true],
      [PEOPLE.hanne.id, true],
    ]);
  });

  it('lets the newest presence of the day count, and forgets it the next day', async () => {
    await store.hotline.setPresence(AGENTS.bent.id, 'away', NOW, TODAY);
    await store.hotline.setPresence(AGENTS.bent.id, 'available', new Date(NOW.getTime() + 60_000), TODAY);
    expect((await rankAgents(store, null, NOW, true)).find((agent) => agent.employee.id === AGENTS.bent.id)!.presence).toBe('available');
    await store.hotline.setPresence(AGENTS.bent.id, 'busy', NOW, TODAY);
    const tomorrow = new Date('2025-06-03T07:00:00Z');
    expect((await rankAgents(store, null, tomorrow, true)).find((agent) => agent.employee.id === AGENTS.bent.id)!.available).toBe(true);
  });

  it('marks nobody available while closed', async () => {
    expect((await rankAgents(store, null, NOW, false)).every((agent) => !agent.available)).toBe(true);
  });

  it('is fair: among equally qualified agents, the one routed to least recently comes first', async () => {
    expect((await order('kontanthjælp')).slice(0, 2)).toEqual([AGENTS.bent.id, AGENTS.carla.id]); // never routed: by name
    await store.hotline.recordRouting(AGENTS.bent.id, NOW, 'api', 'kontanthjaelp');
    expect((await order('kontanthjælp')).slice(0, 2)).toEqual([AGENTS.carla.id, AGENTS.bent.id]);
    await store.hotline.recordRouting(AGENTS.carla.id, new Date(NOW.getTime() + 1000), 'chat', null);
    expect((await order('kontanthjælp')).slice(0, 2)).toEqual([AGENTS.bent.id, AGENTS.carla.id]);
  });

  it('does not offer someone who is no longer a hotline agent on the date', async () => {
    expect((await rankAgents(store, null, new Date('2019-06-03T10:00:00Z'), true)).map((agent) => agent.employee.id)).toEqual([]);
  });
});
