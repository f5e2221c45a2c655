import type { Store } from '../../data/store/store.js';
import { isOpenAt, nextOpening } from '../../domain/calendar/opening-hours.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import type { Logger } from '../log/logger.js';
import type { HotlineSettings } from './hotline-settings.js';
import { rankAgents } from './rank-agents.js';
import type { Skill } from '../../domain/skills/skills.js';
import { whitelistByPhone } from './whitelist.js';

export type CallRoute = {
  whitelisted: boolean;
  open: boolean;
  route: { type: 'agent' | 'queue'; id: string; name: string; phone: string | null };
  /** When closed: the next opening (ISO instant), so the telephony system can say it. */
  opens_at: string | null;
};

/**
 * Where the telephony system should put a call through: a whitelisted caller, while open, goes to the best
 * qualified available agent who has a phone; otherwise to the hotline queue (whitelisted) or the general
 * call-centre queue. An agent named is recorded, which is what makes the next choice fair.
 */
export async function routeCall(store: Store, settings: HotlineSettings, call: { caller: string; topic: Skill | null; now: Date }, log: Logger): Promise<CallRoute> {
  const today = copenhagenDate(call.now);
  const decision = await whitelistByPhone(store, call.caller, today);
  const open = isOpenAt(settings.openingHours, call.now);
  const agent = decision.whitelisted && open ? (await rankAgents(store, call.topic, call.now, open)).find((candidate) => candidate.skillMatch && candidate.available && candidate.employee.phone) : undefined;
  let route: CallRoute['route'];
  if (agent) {
    await store.hotline.recordRouting(agent.employee.id, call.now, 'api', call.topic);
    route = { type: 'agent', id: agent.employee.id, name: agent.employee.name, phone: agent.employee.phone };
  } else {
    const queueId = decision.whitelisted ? settings.hotlineUnitId : settings.callCentreUnitId;
    const unit = await store.units.findById(queueId, today);
    route = { type: 'queue', id: queueId, name: unit?.name ?? queueId, phone: unit?.phone ?? null };
  }
  // No caller number here: the decision is logged by its reason and the employee ids involved only.
  log.info(
    { whitelisted: decision.whitelisted, reason: decision.reason, callerEmployeeId: decision.employeeId, open, topic: call.topic, routeType: route.type, routeId: route.id },
    'hotline call routed',
  );
  return { whitelisted: decision.whitelisted, open, route, opens_at: open ? null : (nextOpening(settings.openingHours, call.now)?.toISOString() ?? null) };
}
