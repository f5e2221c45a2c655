import { beforeEach, describe, expect, it } from 'vitest';
import { cancelAnnouncement, correctAnnouncement, markAnnouncementRead, saveAnnouncement, withdrawAnnouncement } from '../../../bot/announcements/announcement-changes.js';
import { announcementCard } from '../../../bot/announcements/announcement-cards.js';
import { announcementInputSchema, type AnnouncementInput } from '../../../bot/announcements/announcement-schema.js';
import { API_ACTOR } from '../../../bot/announcements/audit-announcement.js';
import { checkAnnouncement } from '../../../bot/announcements/check-announcement.js';
import { deliveryReport } from '../../../bot/announcements/delivery-report.js';
import { fanOutDueSends } from '../../../bot/announcements/fan-out.js';
import { resolveAudience } from '../../../bot/announcements/resolve-audience.js';
import type { Store } from '../../../data/store/store.js';
import { ANNOUNCEMENT_WORLD_CSV, personalChatOf, rememberConversations, UNIT_CHANNELS } from '../../support/announcement-world.js';
import { sqlColumn, sqlRows } from '../../support/raw-sql.js';
import { PEOPLE, worldDatabase, worldStore } from '../../support/world.js';
import { startUnleasedAttempt } from '../../support/start-unleased-attempt.js';

const NOW = new Date('2025-06-02T10:00:00Z');
const SERVICE = 'http://connector.invalid/';
let store: Store;

const input = (overrides: Partial<AnnouncementInput> = {}): AnnouncementInput =>
  announcementInputSchema.parse({ title: 'Netværksmøde', text: 'Kontaktpersonerne mødes **tirsdag**.', audience: { units: ['JC-UDSAT'] }, delivery: 'both', ...overrides });

const publish = (overrides: Partial<AnnouncementInput> = {}, now = NOW) => saveAnnouncement(store, input(overrides), { source: 'api', actor: API_ACTOR, senderConversationId: null, state: 'active' }, now);

const summary = (recipients: Awaited<ReturnType<typeof resolveAudience>>['recipients']) => recipients.map((r) => `${r.group} ${r.kind} ${r.label}${r.conversationId ? '' : ' (none)'}`);

/** Pretends the delivery worker sent every waiting post (the worker itself is tested with the fake connector). */
async function deliverAll(now = NOW): Promise<void> {
  const rows = await sqlColumn<number>(store, "SELECT id FROM outbox WHERE state = 'pending' AND operation = 'post' AND purpose = 'announcement' ORDER BY id");
  for (const id of rows) {
    await startUnleasedAttempt(store, id, now);
    await store.outbox.markSent(id, `activity-${id}`, now);
  }
}

const outbox = (operation: string) => sqlRows(store, 'SELECT state, count(*) AS n FROM outbox WHERE operation = @operation GROUP BY state ORDER BY state', { operation });

beforeEach(async () => {
  store = await worldStore(ANNOUNCEMENT_WORLD_CSV, NOW);
  await rememberConversations(store, SERVICE, {
    channels: [UNIT_CHANNELS['JC-UDSAT'], UNIT_CHANNELS['JC-UDSAT-NORD'], UNIT_CHANNELS.RUS, UNIT_CHANNELS.SPEC],
    people: [PEOPLE.anna.aadObjectId, PEOPLE.mads.aadObjectId, PEOPLE.fatima.aadObjectId, PEOPLE.lene.aadObjectId],
  });
});

describe('audience', () => {
  it('a unit brings its sub-units: their channels and everyone employed in them; people without a 1:1 chat are kept, marked unreachable', async () => {
    const { recipients } = await resolveAudience(store, { units: ['JC-UDSAT'] }, 'both', '2025-06-02');
    expect(summary(recipients)).toEqual([
      'unit:JC-UDSAT channel Jobcenter København – udsatte borgere',
      'unit:JC-UDSAT channel Team Nord',
      'unit:JC-UDSAT personal Anna Jensen',
      'unit:JC-UDSAT personal Bo Hansen (none)',
      'unit:JC-UDSAT personal Lene Leder',
    ]);
  });

  it('is resolved on the send date: units and employment as they were that day', async () => {
    // 2024: SOF had Borgercenter Voksne (its channel was never installed) and Mads worked there; in 2025 RUS replaced it.
    expect(summary((await resolveAudience(store, { administrations: ['SOF'] }, 'both', '2024-06-03')).recipients)).toEqual([
      'administration:SOF channel Borgercenter Voksne (none)',
      'administration:SOF personal Mads Nielsen',
    ]);
    expect(summary((await resolveAudience(store, { administrations: ['SOF'] }, 'both', '2025-06-02')).recipients)).toEqual([
      'administration:SOF channel Center for Rusmiddelbehandling',
      'administration:SOF personal Mads Nielsen',
    ]);
  });

  it('everyone appears once, under the first group that names them', async () => {
    const { recipients } = await resolveAudience(store, { units: ['JC-UDSAT', 'JC-UDSAT-NORD'], contact_persons: true }, 'both', '2025-06-02');
    expect(recipients.filter((r) => r.label === 'Team Nord')).toHaveLength(1);
    expect(recipients.filter((r) => r.label === PEOPLE.anna.name).map((r) => r.group)).toEqual(['unit:JC-UDSAT']);
    expect(recipients.filter((r) => r.group === 'role:contact_person').map((r) => r.label)).toEqual([PEOPLE.mads.name]);
  });

  it('the contact-person network and the hotline agents are reached in person, even with "both"', async () => {
    expect(summary((await resolveAudience(store, { contact_persons: true, hotline_agents: true }, 'both', '2025-06-02')).recipients)).toEqual([
      'role:contact_person personal Anna Jensen',
      'role:contact_person personal Mads Nielsen',
      'role:hotline_agent personal Hanne Hotline (none)',
    ]);
  });

  it('a group with no channel anywhere is reported as such, not skipped', async () => {
    expect(summary((await resolveAudience(store, { units: ['SOF-INDGANG'] }, 'channels', '2025-06-02')).recipients)).toEqual(['unit:SOF-INDGANG channel SOF Entydig indgang (none)']);
  });

  it('"all" is every administration, the joint specialist unit included', async () => {
    expect((await resolveAudience(store, { all: true }, 'channels', '2025-06-02')).groups).toEqual(['administration:BIF', 'administration:BIF-SOF', 'administration:SOF']);
  });
});

describe('checks the schema cannot make', () => {
  it.each([
    [{ audience: { units: ['JC-UDSAT', 'NOPE'] } }, 'These units do not exist on the send date: "NOPE".'],
    [{ audience: { units: ['BC-VOKSNE'] } }, 'These units do not exist on the send date: "BC-VOKSNE".'],
    [{ send_at: '2025-06-02T09:00:00Z' }, 'That time has already passed.'],
    [{ send_at: '2026-07-01T09:00:00Z' }, 'more than a year ahead'],
    [{ audience: { contact_persons: true }, delivery: 'channels' as const }, 'have no shared channel'],
    [{ recurrence: { every_months: 1, day: 1, time: '08:00', until: '2025-06-01' } }, 'The repetition ends before the first send.'],
    [{ text: 'Om borgeren 010190-1234: ring til mig.' }, 'seems to contain a CPR number'],
    [{ title: 'Borger 0101901234' }, 'seems to contain a CPR number'],
  ])('%j is refused: %s', async (overrides, message) => {
    expect((await checkAnnouncement(store, input(overrides as Partial<AnnouncementInput>), NOW, 'en')).join(' ')).toContain(message);
  });

  it('a phone number or a date is not taken for a CPR number', async () => {
    expect(await checkAnnouncement(store, input({ text: 'Ring 33 66 00 00 eller 3366000012 – mødet er 2025-06-10, 9.30-11.00.' }), NOW, 'en')).toEqual([]);
  });

  it('answers in Danish for the chat form', async () => {
    expect(await checkAnnouncement(store, input({ send_at: '2025-06-01T09:00:00Z' }), NOW, 'da')).toEqual(['Tidspunktet er allerede passeret. Vælg et tidspunkt i fremtiden, eller "Nu".']);
  });

  it('a unit that exists on a later send date is accepted for that date', async () => {
    expect(await checkAnnouncement(store, input({ audience: { units: ['RUS'] }, send_at: '2025-06-10T07:00:00Z' }), NOW, 'en')).toEqual([]);
  });
});

describe('fan-out, cancel, correct and withdraw', () => {
  it('a send goes into the outbox once, with every recipient recorded', async () => {
    const id = await publish();
    expect(await fanOutDueSends(store, NOW)).toEqual({ sends: 1, messages: 4, withoutConversation: 1, busy: 0 });
    expect(await fanOutDueSends(store, new Date(NOW.getTime() + 60_000))).toEqual({ sends: 0, messages: 0, withoutConversation: 0, busy: 0 });
    expect(await outbox('post')).toEqual([{ state: 'pending', n: 4 }]);
    expect(await deliveryReport(store, id)).toMatchObject({ status: 'sending', delivered: 0, pending: 4, noConversation: 1, withoutConversation: [{ label: 'Bo Hansen', kind: 'personal' }] });
    await deliverAll();
    expect(await deliveryReport(store, id)).toMatchObject({ status: 'sent', delivered: 4, pending: 0, failed: 0, groups: [{ group: 'unit:JC-UDSAT', delivered: 4, noConversation: 1 }] });
  });

  it('a scheduled announcement cancelled before it is due is never sent', async () => {
    const id = await publish({ send_at: '2025-06-03T07:00:00Z' });
    expect((await fanOutDueSends(store, NOW)).sends).toBe(0);
    expect(await cancelAnnouncement(store, id, API_ACTOR, NOW)).toBe(0);
    expect((await fanOutDueSends(store, new Date('2025-06-03T08:00:00Z'))).sends).toBe(0);
    expect(await outbox('post')).toEqual([]);
    expect(await deliveryReport(store, id)).toMatchObject({ status: 'cancelled', nextSendAt: null });
    expect(await cancelAnnouncement(store, id, API_ACTOR, NOW)).toBeNull();
  });

  it('cancelling during a fan-out stops what waits; what was delivered stays', async () => {
    const id = await publish();
    await fanOutDueSends(store, NOW);
    const [first] = await sqlColumn<number>(store, "SELECT id FROM outbox WHERE operation = 'post' ORDER BY id LIMIT 1");
    await startUnleasedAttempt(store, first!, NOW);
    await store.outbox.markSent(first!, 'activity-1', NOW);
    expect(await cancelAnnouncement(store, id, API_ACTOR, NOW)).toBe(3);
    expect(await outbox('post')).toEqual([{ state: 'cancelled', n: 3 }, { state: 'sent', n: 1 }]);
    expect(await deliveryReport(store, id)).toMatchObject({ status: 'cancelled', delivered: 1, cancelled: 3 });
  });

  it('a correction keeps the old revision and updates every delivered card in place', async () => {
    const id = await publish();
    await fanOutDueSends(store, NOW);
    await deliverAll();
    const later = new Date('2025-06-02T12:00:00Z');
    expect(await correctAnnouncement(store, id, { title: 'Netværksmøde (nyt lokale)', body: 'Lokale 2.14.', url: null }, API_ACTOR, later)).toBe(4);
    expect(await outbox('update')).toEqual([{ state: 'pending', n: 4 }]);
    expect(await sqlRows(store, 'SELECT revision, title FROM announcement_revisions WHERE announcement_id = @id ORDER BY revision', { id })).toEqual([
      { revision: 1, title: 'Netværksmøde' },
      { revision: 2, title: 'Netværksmøde (nyt lokale)' },
    ]);
    const rendered = announcementCard((await store.announcements.find(id))!);
    expect(rendered).toMatchObject({ kind: 'card', data: { title: 'Netværksmøde (nyt lokale)', body: 'Lokale 2.14.', corrected: 'Rettet 2. jun. 2025, 14.00' } });
  });

  it('withdrawing deletes every delivered card, stops the rest and ends the repetition', async () => {
    const id = await publish({ recurrence: { every_months: 1, day: 1, time: '08:00' } });
    // Published Monday 2 June 2025 10:00: the first working day of June at 08:00 has passed, so the first send is 1 July.
    expect(await store.announcements.nextSendOf(id)).toBe('2025-07-01T06:00:00.000Z');
    await fanOutDueSends(store, new Date('2025-07-01T06:00:00Z'));
    expect(await store.announcements.nextSendOf(id)).toBe('2025-08-01T06:00:00.000Z');
    const [first, second] = await sqlColumn<number>(store, "SELECT id FROM outbox WHERE operation = 'post' ORDER BY id");
    for (const row of [first!, second!]) {
      await startUnleasedAttempt(store, row, NOW);
      await store.outbox.markSent(row, `activity-${row}`, NOW);
    }
    expect(await withdrawAnnouncement(store, id, API_ACTOR, new Date('2025-07-01T09:00:00Z'))).toBe(2);
    expect(await outbox('delete')).toEqual([{ state: 'pending', n: 2 }]);
    expect(await outbox('post')).toEqual([{ state: 'cancelled', n: 2 }, { state: 'sent', n: 2 }]);
    expect(await store.announcements.nextSendOf(id)).toBeNull();
    expect((await fanOutDueSends(store, new Date('2025-08-01T07:00:00Z'))).sends).toBe(0);
    expect((await deliveryReport(store, id))?.status).toBe('withdrawn');
  });

  it('"Læst" counts each person once, and not after a withdrawal', async () => {
    const id = await publish();
    await fanOutDueSends(store, NOW);
    await deliverAll();
    const channel = `${UNIT_CHANNELS['JC-UDSAT']};messageid=1700000000000`;
    expect(await markAnnouncementRead(store, id, PEOPLE.anna.aadObjectId, channel, NOW)).toBe('counted');
    expect(await markAnnouncementRead(store, id, PEOPLE.anna.aadObjectId, personalChatOf(PEOPLE.anna.aadObjectId), NOW)).toBe('already');
    expect(await markAnnouncementRead(store, id, PEOPLE.lene.aadObjectId, personalChatOf(PEOPLE.lene.aadObjectId), NOW)).toBe('counted');
    expect((await deliveryReport(store, id))?.read).toBe(2);
    await withdrawAnnouncement(store, id, API_ACTOR, NOW);
    expect(await markAnnouncementRead(store, id, PEOPLE.mads.aadObjectId, channel, NOW)).toBe('gone');
    expect((await deliveryReport(store, id))?.read).toBe(2);
  });

  it('"Læst" counts only in a conversation the announcement was delivered to', async () => {
    const id = await publish();
    expect(await markAnnouncementRead(store, id, PEOPLE.anna.aadObjectId, UNIT_CHANNELS['JC-UDSAT'], NOW)).toBe('not-here'); // not sent yet
    await fanOutDueSends(store, NOW);
    expect(await markAnnouncementRead(store, id, PEOPLE.anna.aadObjectId, UNIT_CHANNELS['JC-UDSAT'], NOW)).toBe('not-here'); // waiting, not delivered
    await deliverAll();
    for (const elsewhere of [UNIT_CHANNELS.RUS, personalChatOf(PEOPLE.mads.aadObjectId), null]) {
      expect(await markAnnouncementRead(store, id, PEOPLE.mads.aadObjectId, elsewhere, NOW)).toBe('not-here');
    }
    expect(await markAnnouncementRead(store, 424242, PEOPLE.anna.aadObjectId, UNIT_CHANNELS['JC-UDSAT'], NOW)).toBe('not-here');
    expect((await deliveryReport(store, id))?.read).toBe(0);
    expect(await markAnnouncementRead(store, id, PEOPLE.mads.aadObjectId, UNIT_CHANNELS['JC-UDSAT-NORD'], NOW)).toBe('counted');
    expect((await deliveryReport(store, id))?.read).toBe(1);
  });

  it('every change is audited, without citizen data', async () => {
    const id = await publish();
    await fanOutDueSends(store, NOW);
    await withdrawAnnouncement(store, id, API_ACTOR, NOW);
    const rows = await sqlRows(store, "SELECT action, citizen_cpr FROM audit_log WHERE purpose = 'meddelelse' ORDER BY id");
    expect(rows).toEqual([
      { action: 'announcement.published', citizen_cpr: null },
      { action: 'announcement.sent', citizen_cpr: null },
      { action: 'announcement.withdrawn', citizen_cpr: null },
    ]);
  });
});

describe('scheduling across a restart', () => {
  it('a send that fell due while the bot was down goes out once, late, and the next one is scheduled from the rule', async () => {
    const database = await worldDatabase(ANNOUNCEMENT_WORLD_CSV, NOW);
    const first = await database.open();
    await rememberConversations(first, SERVICE, { channels: [UNIT_CHANNELS.RUS] });
    const quarterly = input({ audience: { units: ['RUS'] }, delivery: 'channels', recurrence: { every_months: 3, week: 'first', weekday: 'tuesday', time: '09:00' } });
    const id = await saveAnnouncement(first, quarterly, { source: 'api', actor: API_ACTOR, senderConversationId: null, state: 'active' }, new Date('2025-12-15T10:00:00Z'));
    expect(await first.announcements.nextSendOf(id)).toBe('2026-03-03T08:00:00.000Z'); // December's first Tuesday has passed; then every third month
    await first.close();

    // Down from before 3 March until 5 March: on start the missed send goes out once, and June's is next (summer time).
    const second = await database.open();
    expect(await fanOutDueSends(second, new Date('2026-03-05T12:00:00Z'))).toMatchObject({ sends: 1, messages: 1 });
    expect((await fanOutDueSends(second, new Date('2026-03-05T12:00:01Z'))).sends).toBe(0);
    expect(await second.announcements.nextSendOf(id)).toBe('2026-06-02T07:00:00.000Z');
    expect(await sqlColumn(second, "SELECT conversation_id FROM outbox WHERE operation = 'post'")).toEqual([UNIT_CHANNELS.RUS]);
    await second.close();
  });
});

describe('report for people without a 1:1 chat', () => {
  it('lists them by name in the report', async () => {
    const id = await publish({ audience: { contact_persons: true, hotline_agents: true }, delivery: 'personal' });
    await fanOutDueSends(store, NOW);
    expect((await deliveryReport(store, id))?.withoutConversation).toEqual([{ label: 'Hanne Hotline', kind: 'personal', group: 'role:hotline_agent' }]);
    expect(await sqlColumn(store, "SELECT conversation_id FROM outbox WHERE operation = 'post' ORDER BY id")).toEqual([
      personalChatOf(PEOPLE.anna.aadObjectId),
      personalChatOf(PEOPLE.mads.aadObjectId),
    ]);
  });
});
