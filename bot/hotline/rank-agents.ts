import type { Employee } from '../../data/repositories/employees.js';
import type { Presence } from '../../data/repositories/hotline.js';
import type { Store } from '../../data/store/store.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import type { Skill } from '../../domain/skills/skills.js';

export type RankedAgent = {
  employee: Employee;
  /** Has the skill asked for (true for everyone when no topic was given). */
  skillMatch: boolean;
  presence: Presence;
  /** Open now and not marked busy or away today. */
  available: boolean;
  lastRoutedAt: string | null;
};

/**
 * The hotline agents in force today, best first: skill match, then availability, then whoever was routed to
 * least recently (never routed to counts as longest ago), then by name so the order is stable.
 * An agent is available during opening hours unless they said otherwise in chat today.
 */
export async function rankAgents(store: Store, topic: Skill | null, now: Date, open: boolean): Promise<RankedAgent[]> {
  const today = copenhagenDate(now);
  const presence = await store.hotline.presenceOn(today);
  const ranked: RankedAgent[] = [];
  for (const employee of await store.employees.withRole('hotline_agent', today)) {
    const status = presence.get(employee.id) ?? 'available';
    ranked.push({
      employee,
      skillMatch: topic === null || employee.skills.includes(topic),
      presence: status,
      available: open && status === 'available',
      lastRoutedAt: await store.hotline.lastRoutedAt(employee.id),
    });
  }
  return ranked.sort(
    (a, b) =>
      Number(b.skillMatch) - Number(a.skillMatch) ||
      Number(b.available) - Number(a.available) ||
      (a.lastRoutedAt ?? '').localeCompare(b.lastRoutedAt ?? '') ||
      a.employee.name.localeCompare(b.employee.name, 'da'),
  );
}
