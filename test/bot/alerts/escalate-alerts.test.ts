import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertSettings } from '../../../bot/alerts/alert-settings.js';
import { alertDeliveryHooks } from '../../../bot/alerts/alert-delivery-hooks.js';
import { escalateDueAlerts } from '../../../bot/alerts/escalate-alerts.js';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../../../domain/calendar/opening-hours.js';
import { acceptEvent } from '../../../bot/events/accept-event.js';
import { parseEvent, type IncomingEvent } from '../../../bot/events/event-schemas.js';
import type { Store } from '../../../data/store/store.js';
import { ALERT_PEOPLE, ALERT_WORLD_CSV, CHANNELS } from '../../support/alert-world.js';
import { sqlColumn, sqlRows, sqlValue } from '../../support/raw-sql.js';
import { benefitStopped } from '../../support/signed-event.js';
import { TEST_TENANT } from '../../support/teams-activity.js';
import { CITIZENS, worldStore } from '../../support/world.js';
import { startUnleasedAttempt } from '../../support/start-unleased-attempt.js';

const hours = parseOpeningHours(DEFAULT_OPENING_HOURS);
if (!hours.ok) throw new Error(hours.problem);
const settings: AlertSettings = { dropNonShared: false, fallbackUnitId: undefined, escalationPeriodMs: 2 * 3_600_000, workingHours: hours.value };

let store: Store;

async function remember(conversationId: string, scope: 'channel' | 'personal', aadObjectId: string | null = null) {
  await store.conversations.remember(
    { conversationId, scope, tenantId: TEST_TENANT, serviceUrl: 'http://127.0.0.1:9/', teamId: scope === 'channel' ? 'T' : null, aadObjectId, reference: { conversation: { id: conversationId } } },
    new Date('2025-06-01T00:00:00Z'),
  );
}

function event(cpr: string): IncomingEvent {
  const parsed = parseEvent(benefitStopped(cpr));
  if (!parsed.ok) throw new Error(parsed.problems.join());
  return parsed.event;
}

/** Accepts an event and marks its channel post delivered at `deliveredAt`, as the worker would. */
async function deliveredAlert(cpr: string, deliveredAt: Date): Promise<number> {
  const accepted = await store.transaction((tx) => acceptEvent(tx, `msg_${cpr}_${deliveredAt.getTime()}`, event(cpr), deliveredAt, settings));
  if (accepted.outcome !== 'accepted' || accepted.alertId === null) throw new Error('not accepted');
  const post = (await store.outbox.postsOf(accepted.alertId))[0]!;
  await startUnleasedAttempt(store, post.id, deliveredAt);
  await store.outbox.markSent(post.id, 'activity-1', deliveredAt);
  await store.transaction(async (tx) => alertDeliveryHooks(settings).onSent!(tx, (await tx.outbox.find(post.id))!, 'activity-1', deliveredAt));
  return accepted.alertId;
}

const outboxFor = (alertId: number) => sqlRows(store, 'SELECT purpose, operation, conversation_id FROM outbox WHERE alert_id = @alertId ORDER BY id', { alertId });
/** The parsed details of the audit rows with `action`, oldest first. */
const auditDetails = async (action: string) =>
  (await sqlColumn<string>(store, 'SELECT detail FROM audit_log WHERE action = @action ORDER BY id', { action })).map((detail) => JSON.parse(detail));

beforeEach(async () => {
  store = await worldStore(ALERT_WORLD_CSV);
  await remember(CHANNELS.rusTeamA, 'channel');
  await remember(CHANNELS.spec, 'channel');
  await remember('a:sofie', 'personal', ALERT_PEOPLE.sofie.aadObjectId);
});

describe('escalation of unclaimed alerts, in working hours', () => {
  it('counts only working time: delivered Friday 15:00 with a 2 h period, the reminder is due Monday 09:00', async () => {
    // Friday 2025-06-06 15:00 Copenhagen (CEST) = 13:00Z; Monday 2025-06-09 is 2. pinsedag (a holiday), so Tuesday.
    const alertId = await deliveredAlert(CITIZENS.shared, new Date('2025-06-06T13:00:00Z'));
    const alert = (await store.alerts.find(alertId))!;
    expect(alert.remindAt).toBe('2025-06-10T07:00:00.000Z');
    expect(alert.escalateAt).toBe('2025-06-10T09:00:00.000Z');
  });

  it('reminds in the card’s thread after one period, then escalates to the fallback channel and the unit’s manager', async () => {
    const alertId = await deliveredAlert(CITIZENS.shared, new Date('2025-06-03T07:00:00Z')); // Tuesday 09:00
    expect(await escalateDueAlerts(store, settings, new Date('2025-06-03T08:59:00Z'))).toEqual({ reminded: 0, escalated: 0, busy: 0 });
    expect(await escalateDueAlerts(store, settings, new Date('2025-06-03T09:00:00Z'))).toEqual({ reminded: 1, escalated: 0, busy: 0 });
    expect(await outboxFor(alertId)).toEqual([
      { purpose: 'alert', operation: 'post', conversation_id: CHANNELS.rusTeamA },
      { purpose: 'alert-reminder', operation: 'reply', conversation_id: CHANNELS.rusTeamA },
    ]);
    expect(await escalateDueAlerts(store, settings, new Date('2025-06-03T11:00:00Z'))).toEqual({ reminded: 0, escalated: 1, busy: 0 });
    expect((await outboxFor(alertId)).slice(2)).toEqual([
      { purpose: 'alert-escalation', operation: 'post', conversation_id: CHANNELS.spec },
      { purpose: 'alert-escalation', operation: 'post', conversation_id: 'a:sofie' },
    ]);
    // Running again (or after a restart) repeats nothing.
    expect(await escalateDueAlerts(store, settings, new Date('2025-06-04T11:00:00Z'))).toEqual({ reminded: 0, escalated: 0, busy: 0 });
    const steps = (await auditDetails('alert.escalated')).map((detail) => detail.step);
    expect(steps).toEqual(['reminder', 'escalation']);
  });

  it('a claimed alert is neither reminded nor escalated', async () => {
    const alertId = await deliveredAlert(CITIZENS.shared, new Date('2025-06-03T07:00:00Z'));
    await store.alerts.tryClaim(alertId, 'E-MADS', new Date('2025-06-03T07:30:00Z'));
    expect(await escalateDueAlerts(store, settings, new Date('2025-06-10T12:00:00Z'))).toEqual({ reminded: 0, escalated: 0, busy: 0 });
  });

  it('records managers who have no 1:1 chat with the bot instead of skipping them silently', async () => {
    await store.conversations.markInactive('a:sofie', 'uninstalled', new Date());
    const alertId = await deliveredAlert(CITIZENS.shared, new Date('2025-06-03T07:00:00Z'));
    await escalateDueAlerts(store, settings, new Date('2025-06-04T12:00:00Z'));
    const detail = (await auditDetails('alert.escalated')).find((each) => each.step === 'escalation');
    expect(detail).toMatchObject({ alertId, managers: [ALERT_PEOPLE.sofie.id], managersWithoutChat: [ALERT_PEOPLE.sofie.id], toFallbackChannel: true });
  });
});

describe('routing', () => {
  it('falls back to the specialist unit when the SOF unit has no reachable channel', async () => {
    await store.conversations.markInactive(CHANNELS.rusTeamA, 'uninstalled', new Date());
    const accepted = await store.transaction((tx) => acceptEvent(tx, 'msg_route_1', event(CITIZENS.shared), new Date('2025-06-03T07:00:00Z'), settings));
    expect(accepted.outcome).toBe('accepted');
    const alert = (await store.alerts.findByWebhookId('msg_route_1'))!;
    expect(alert).toMatchObject({ unitId: 'RUS-TEAM-A', channelId: CHANNELS.spec, routeReason: 'fallback-no-channel' });
  });

  it('uses the nearest ancestor with a channel', async () => {
    await store.channelLinks.link({ unitId: 'RUS', channelId: CHANNELS.spec, byEmployeeId: 'E-ADAM', from: '2025-01-01' as never, now: new Date() });
    await store.conversations.markInactive(CHANNELS.rusTeamA, 'uninstalled', new Date());
    await store.transaction((tx) => acceptEvent(tx, 'msg_route_2', event(CITIZENS.sofOnly), new Date('2025-06-03T07:00:00Z'), settings));
    expect(await store.alerts.findByWebhookId('msg_route_2')).toMatchObject({ unitId: 'RUS-TEAM-A', channelId: CHANNELS.spec, routeReason: 'ancestor-channel' });
  });

  it('a citizen without an SOF case goes to the fallback channel; with dropping on, a non-shared citizen is stored but not posted', async () => {
    await store.transaction((tx) => acceptEvent(tx, 'msg_route_3', event(CITIZENS.bifOnly), new Date('2025-06-03T07:00:00Z'), settings));
    expect(await store.alerts.findByWebhookId('msg_route_3')).toMatchObject({ unitId: null, channelId: CHANNELS.spec, routeReason: 'fallback-no-sof-case' });
    const dropped = await store.transaction((tx) => acceptEvent(tx, 'msg_route_4', event(CITIZENS.bifOnly), new Date('2025-06-03T07:00:00Z'), { ...settings, dropNonShared: true }));
    expect(dropped).toEqual({ outcome: 'accepted', alertId: null });
    expect(await store.events.find('msg_route_4')).not.toBeNull();
    expect(await sqlValue(store, "SELECT count(*) FROM audit_log WHERE action = 'alert.dropped'")).toBe(1);
  });
});

describe('channels linked in chat', () => {
  it('keep their history: a new link closes the previous one the day before', async () => {
    await store.channelLinks.link({ unitId: 'RUS', channelId: '19:old@thread.tacv2', byEmployeeId: 'E-ADAM', from: '2025-01-01' as never, now: new Date('2025-01-01T09:00:00Z') });
    await store.channelLinks.link({ unitId: 'RUS', channelId: '19:new@thread.tacv2', byEmployeeId: 'E-ADAM', from: '2025-06-01' as never, now: new Date('2025-06-01T09:00:00Z') });
    expect(await store.channelLinks.channelOf('RUS', '2025-05-31')).toBe('19:old@thread.tacv2');
    expect(await store.channelLinks.channelOf('RUS', '2025-06-01')).toBe('19:new@thread.tacv2');
    expect(await sqlValue(store, "SELECT count(*) FROM unit_channel_links WHERE unit_id = 'RUS'")).toBe(3);
  });
});

describe('channels linked through units.csv', () => {
  it('are audited once per unit and channel, not again on a re-import', async () => {
    const links = async () => (await auditDetails('channel.linked')).map((detail) => detail.unitId).sort();
    expect(await links()).toEqual(['JC-UDSAT-NORD', 'RUS-TEAM-A', 'SPEC']);
    const { writeCsvFolder } = await import('../../support/world.js');
    expect((await store.importFolder(writeCsvFolder(ALERT_WORLD_CSV), { now: new Date('2025-06-03T10:00:00Z') })).ok).toBe(true);
    expect(await links()).toEqual(['JC-UDSAT-NORD', 'RUS-TEAM-A', 'SPEC']);
  });
});
