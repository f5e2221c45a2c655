import type { Tx } from '../../data/store/store.js';

export type RouteReason = 'unit-channel' | 'ancestor-channel' | 'fallback-no-sof-case' | 'fallback-no-channel' | 'no-channel';

export type AlertRoute = {
  /** The SOF unit with the citizen's open case on the event date (null when there is none). */
  unitId: string | null;
  /** The channel the alert goes to (null: not even the fallback unit has a reachable channel). */
  channelId: string | null;
  reason: RouteReason;
};

/**
 * The alert goes to the channel of the SOF unit that has the citizen's open case on the event date, or of that
 * unit's nearest ancestor with a channel; otherwise to the fallback unit's channel. Channels are taken as linked
 * today: where the team reads its alerts now, whatever the event's date. A channel counts only when the
 * bot is installed there (an active conversation reference), since Teams refuses posts anywhere else.
 */
export async function routeAlert(store: Tx, cpr: string, eventDate: string, fallbackUnitId: string | null, today: string): Promise<AlertRoute> {
  const sofCases = (await store.cases.openCasesOf(cpr, eventDate)).filter((c) => c.administration === 'SOF');
  // The newest SOF case is the one most likely to be staffed today.
  const sofCase = sofCases.sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
  if (sofCase) {
    const chain = await store.units.withAncestors(sofCase.unitId, eventDate);
    for (const [index, unit] of chain.entries()) {
      // The unit and its parents as they were on the event date; their channel as linked today.
      const channelId = await reachableChannelOf(store, unit.id, today);
      if (channelId) return { unitId: sofCase.unitId, channelId, reason: index === 0 ? 'unit-channel' : 'ancestor-channel' };
    }
  }
  const fallbackChannel = fallbackUnitId ? await reachableChannelOf(store, fallbackUnitId, today) : null;
  return {
    unitId: sofCase?.unitId ?? null,
    channelId: fallbackChannel,
    reason: fallbackChannel ? (sofCase ? 'fallback-no-channel' : 'fallback-no-sof-case') : 'no-channel',
  };
}

/** A unit's channel: the link made in chat if there is one in force, else units.csv's teams_channel_id. */
export async function channelOfUnit(store: Tx, unitId: string, asOf: string): Promise<string | null> {
  return await store.channelLinks.channelOf(unitId, asOf) ?? (await store.units.findById(unitId, asOf))?.teamsChannelId ?? null;
}

async function reachableChannelOf(store: Tx, unitId: string, asOf: string): Promise<string | null> {
  const channelId = await channelOfUnit(store, unitId, asOf);
  if (!channelId) return null;
  return (await store.conversations.find(channelId))?.active ? channelId : null;
}

/** The specialist unit (administration BIF-SOF) unless ALERT_FALLBACK_UNIT_ID names another. */
export async function fallbackUnitOf(store: Tx, configured: string | undefined, asOf: string): Promise<string | null> {
  return configured ?? (await store.units.unitsOf('BIF-SOF', asOf))[0]?.id ?? null;
}
