import type { Delivery } from '../../data/repositories/announcements.js';
import type { Employee, Role } from '../../data/repositories/employees.js';
import type { Unit } from '../../data/repositories/units.js';
import type { Tx } from '../../data/store/store.js';
import { channelOfUnit } from '../routing/route-alert.js';
import type { Audience } from './announcement-schema.js';

/** `administration:BIF`, `unit:SOF-DC-UDSAT`, `role:contact_person` or `role:hotline_agent`. */
export type GroupKey = string;

export type Recipient = {
  group: GroupKey;
  kind: 'channel' | 'personal';
  /** The channel id, or the employee id; for a group with no channel at all, the group key. */
  target: string;
  label: string;
  /** Where to post; null when there is none (no channel conversation, or the app is not installed for the person). */
  conversationId: string | null;
};

export type ResolvedAudience = { groups: GroupKey[]; recipients: Recipient[]; unknownUnits: string[]; personalOnlyGroups: GroupKey[] };

const ROLE_GROUPS: { flag: 'contact_persons' | 'hotline_agents'; role: Role }[] = [
  { flag: 'contact_persons', role: 'contact_person' },
  { flag: 'hotline_agents', role: 'hotline_agent' },
];

/**
 * The channels and people an audience means on a date: units as they are organised that day (a chosen unit brings
 * its sub-units), people employed in them that day. Everyone appears once, under the first group that names them;
 * those the bot cannot reach are kept, with no conversation, so the report can list them.
 */
export async function resolveAudience(store: Tx, audience: Audience, delivery: Delivery, date: string): Promise<ResolvedAudience> {
  const units = await store.units.allInForce(date);
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const children = childrenOf(units);
  const unitGroups: { key: GroupKey; unitIds: Set<string>; label: string }[] = [];
  const unknownUnits: string[] = [];

  const administrations = audience.all ? [...new Set(units.map((unit) => unit.administration))] : (audience.administrations ?? []);
  for (const administration of administrations) {
    const ids = new Set(units.filter((unit) => unit.administration === administration).map((unit) => unit.id));
    unitGroups.push({ key: `administration:${administration}`, unitIds: ids, label: administration });
  }
  for (const id of audience.units ?? []) {
    const unit = byId.get(id);
    if (!unit) unknownUnits.push(id);
    else unitGroups.push({ key: `unit:${id}`, unitIds: withDescendants(id, children), label: unit.name });
  }

  const recipients: Recipient[] = [];
  const seen = new Set<string>();
  const add = (recipient: Recipient) => {
    const key = `${recipient.kind}:${recipient.target}`;
    if (seen.has(key)) return;
    seen.add(key);
    recipients.push(recipient);
  };

  const everyone = delivery === 'channels' && !ROLE_GROUPS.some(({ flag }) => audience[flag]) ? [] : await store.employees.allInForce(date);
  for (const group of unitGroups) {
    if (delivery !== 'personal') {
      let channels = 0;
      for (const id of group.unitIds) {
        const channelId = await channelOfUnit(store, id, date);
        if (!channelId) continue;
        channels += 1;
        add({ group: group.key, kind: 'channel', target: channelId, label: byId.get(id)!.name, conversationId: await reachable(store, channelId) });
      }
      if (channels === 0) add({ group: group.key, kind: 'channel', target: group.key, label: group.label, conversationId: null });
    }
    if (delivery !== 'channels') {
      for (const employee of everyone) if (group.unitIds.has(employee.unitId)) add(await personal(store, group.key, employee));
    }
  }
  // The networks are people, not units: they are always reached in person.
  const personalOnlyGroups: GroupKey[] = [];
  for (const { flag, role } of ROLE_GROUPS) {
    if (!audience[flag]) continue;
    const key = `role:${role}`;
    personalOnlyGroups.push(key);
    for (const employee of everyone) if (employee.roles.includes(role)) add(await personal(store, key, employee));
  }
  return { groups: [...unitGroups.map((group) => group.key), ...personalOnlyGroups], recipients, unknownUnits, personalOnlyGroups };
}

async function personal(store: Tx, group: GroupKey, employee: Employee): Promise<Recipient> {
  const chat = employee.aadObjectId ? await store.conversations.personalChatOf(employee.aadObjectId) : null;
  return { group, kind: 'personal', target: employee.id, label: employee.name, conversationId: chat?.active ? chat.conversationId : null };
}

async function reachable(store: Tx, channelId: string): Promise<string | null> {
  return (await store.conversations.find(channelId))?.active ? channelId : null;
}

function childrenOf(units: Unit[]): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const unit of units) {
    if (!unit.parentId) continue;
    children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
  }
  return children;
}

function withDescendants(id: string, children: Map<string, string[]>): Set<string> {
  const found = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (found.has(next)) continue;
    found.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return found;
}
