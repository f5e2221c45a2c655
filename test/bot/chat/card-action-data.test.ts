import { beforeEach, describe, expect, it } from 'vitest';
import { alertDeliveryHooks } from '../../../bot/alerts/alert-delivery-hooks.js';
import type { AlertSettings } from '../../../bot/alerts/alert-settings.js';
import { saveAnnouncement } from '../../../bot/announcements/announcement-changes.js';
import { announcementInputSchema } from '../../../bot/announcements/announcement-schema.js';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../../../domain/calendar/opening-hours.js';
import { cardId } from '../../../bot/chat/card-id.js';
import { acceptEvent } from '../../../bot/events/accept-event.js';
import { parseEvent } from '../../../bot/events/event-schemas.js';
import type { Store } from '../../../data/store/store.js';
import { ALERT_WORLD_CSV, CHANNELS } from '../../support/alert-world.js';
import { ask, chatRequest, textOf } from '../../support/chat.js';
import { sqlValue } from '../../support/raw-sql.js';
import { deliverAnnouncements } from '../../support/deliver-announcements.js';
import { benefitStopped } from '../../support/signed-event.js';
import { TEST_TENANT } from '../../support/teams-activity.js';
import { CITIZENS, PEOPLE, worldStore } from '../../support/world.js';
import { startUnleasedAttempt } from '../../support/start-unleased-attempt.js';

const INVALID = 'Knappen sendte data, jeg ikke kan bruge, så intet er ændret. Skriv kommandoen igen.';
const NOW = new Date('2025-06-02T10:00:00Z');
const hours = parseOpeningHours(DEFAULT_OPENING_HOURS);
if (!hours.ok) throw new Error(hours.problem);
const settings: AlertSettings = { dropNonShared: false, fallbackUnitId: undefined, escalationPeriodMs: 2 * 3_600_000, workingHours: hours.value };

/** Values a forged or broken button might carry for the id 1; each used to be coerced to 1 (or to another number). */
const NOT_AN_ID: [string, unknown][] = [
  ['an array', [1]],
  ['true', true],
  ['a padded string', ' 1 '],
  ['a leading zero', '01'],
  ['an exponent', '1e0'],
  ['a decimal string', '1.0'],
  ['a fraction', 1.5],
  ['zero', 0],
  ['a negative number', -1],
  ['a signed string', '+1'],
  ['hex', '0x1'],
  ['null', null],
  ['an object', { id: 1 }],
  ['an empty string', ''],
  ['beyond the safe integers', '9007199254740993'],
];

let store: Store;
let alertId: number;
let announcementId: number;
let draftId: number;

const press = (from: { aadObjectId: string; name: string }, verb: string, data: unknown, conversationId: string | null = null) =>
  ask(store, chatRequest(from, '', { cardAction: { verb, data }, scope: conversationId ? 'channel' : 'personal', conversationId, now: NOW }));

beforeEach(async () => {
  store = await worldStore(ALERT_WORLD_CSV, NOW);
  await store.conversations.remember(
    { conversationId: CHANNELS.rusTeamA, scope: 'channel', tenantId: TEST_TENANT, serviceUrl: 'http://127.0.0.1:9/', teamId: 'T', aadObjectId: null, reference: { conversation: { id: CHANNELS.rusTeamA } } },
    NOW,
  );
  const parsed = parseEvent(benefitStopped(CITIZENS.shared));
  if (!parsed.ok) throw new Error(parsed.problems.join());
  const accepted = await store.transaction((tx) => acceptEvent(tx, 'msg_card_data', parsed.event, NOW, settings));
  if (accepted.outcome !== 'accepted' || accepted.alertId === null) throw new Error('not accepted');
  alertId = accepted.alertId;
  const post = (await store.outbox.postsOf(alertId))[0]!;
  await startUnleasedAttempt(store, post.id, NOW);
  await store.outbox.markSent(post.id, 'activity-1', NOW);
  await store.transaction(async (tx) => alertDeliveryHooks(settings).onSent!(tx, (await tx.outbox.find(post.id))!, 'activity-1', NOW));

  const input = announcementInputSchema.parse({ title: 'Netværksmøde', text: 'Vi mødes tirsdag.', audience: { units: ['JC-UDSAT'] }, delivery: 'channels' });
  const origin = { source: 'chat' as const, actor: { id: PEOPLE.fatima.id, employeeId: PEOPLE.fatima.id, aadObjectId: PEOPLE.fatima.aadObjectId, administration: 'BIF-SOF' }, senderConversationId: null };
  announcementId = await saveAnnouncement(store, input, { ...origin, state: 'active' }, NOW);
  draftId = await saveAnnouncement(store, input, { ...origin, state: 'draft' }, NOW);
});

describe('ids in card button data are parsed strictly', () => {
  it('the fixtures are the ids a coercing parser would reach', () => {
    expect([alertId, announcementId]).toEqual([1, 1]);
  });

  it.each(NOT_AN_ID)('"Jeg tager den" with %s: a polite answer, and the alert stays open', async (_kind, value) => {
    const { replies } = await press(PEOPLE.mads, 'alert.claim', { alertId: value }, CHANNELS.rusTeamA);
    expect(textOf(replies[0])).toBe(INVALID);
    expect((await store.alerts.find(alertId))?.state).toBe('open');
  });

  it.each(NOT_AN_ID)('"Løst" with %s: a polite answer, and the alert stays open', async (_kind, value) => {
    const { replies } = await press(PEOPLE.mads, 'alert.resolve', { alertId: value, note: 'klaret' }, CHANNELS.rusTeamA);
    expect(textOf(replies[0])).toBe(INVALID);
    expect((await store.alerts.find(alertId))?.state).toBe('open');
  });

  it.each(NOT_AN_ID)('"Træk tilbage" with %s: a polite answer, and the announcement stays active', async (_kind, value) => {
    const { replies } = await press(PEOPLE.fatima, 'announcement.withdraw', { announcementId: value });
    expect(textOf(replies[0])).toBe(INVALID);
    expect((await store.announcements.find(announcementId))?.state).toBe('active');
  });

  it.each(NOT_AN_ID)('"Læst" with %s: a polite answer, and nothing is counted', async (_kind, value) => {
    const { replies } = await press(PEOPLE.anna, 'announcement.read', { announcementId: value });
    expect(textOf(replies[0])).toBe(INVALID);
    expect(await store.announcements.readCount(announcementId)).toBe(0);
  });

  it.each(NOT_AN_ID.filter(([kind]) => kind !== 'an empty string'))('a correction form with correctsId as %s: a polite answer, and no draft is saved', async (_kind, value) => {
    const drafts = () => sqlValue(store, "SELECT count(*) FROM announcements WHERE state = 'draft'");
    const before = await drafts();
    const { replies } = await press(PEOPLE.fatima, 'announcement.preview', { title: 'Rettet', text: 'Ny tekst', correctsId: value });
    expect(textOf(replies[0])).toBe(INVALID);
    expect(await drafts()).toBe(before);
  });

  it.each(NOT_AN_ID)('"Send" on a preview with draftId as %s: a polite answer, and the draft stays a draft', async (_kind, value) => {
    const { replies } = await press(PEOPLE.fatima, 'announcement.send', { draftId: value });
    expect(textOf(replies[0])).toBe(INVALID);
    expect((await store.announcements.find(draftId))?.state).toBe('draft');
  });

  it.each([
    ['an array', [3]],
    ['true', true],
    ['a padded string', ' 3 '],
  ])('"Vis flere" with shown as %s: a polite answer', async (_kind, value) => {
    const { replies } = await press(PEOPLE.anna, 'guide.more', { query: 'hotline', asOf: '2025-06-02', shown: value });
    expect(textOf(replies[0])).toBe(INVALID);
  });

  it('the ids the cards really send work: a number, or the same number as a canonical string', async () => {
    expect(cardId.parse(alertId)).toBe(alertId);
    expect(cardId.parse(String(draftId))).toBe(draftId);
    const claimed = await press(PEOPLE.mads, 'alert.claim', { alertId }, CHANNELS.rusTeamA);
    expect(claimed.replies[0]?.kind).not.toBe('text');
    expect((await store.alerts.find(alertId))?.state).toBe('claimed');
    await store.conversations.remember({ conversationId: CHANNELS.teamNord, scope: 'channel', tenantId: TEST_TENANT, serviceUrl: 'http://127.0.0.1:9/', teamId: 'T', aadObjectId: null, reference: { conversation: { id: CHANNELS.teamNord } } }, NOW);
    await deliverAnnouncements(store, NOW);
    const read = await press(PEOPLE.anna, 'announcement.read', { announcementId: String(announcementId) }, CHANNELS.teamNord);
    expect(read.replies[0]).toMatchObject({
      kind: 'replace-card',
      card: 'announcement',
      data: { read: null, readNote: '✓ Du har markeret meddelelsen som læst 2.\u00a0juni 2025 kl. 12.00.' },
      onlyForPresser: { text: 'Tak. Meddelelsen er markeret som læst.' },
    });
  });
});
