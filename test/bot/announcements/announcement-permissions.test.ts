import { beforeEach, describe, expect, it } from 'vitest';
import { saveAnnouncement } from '../../../bot/announcements/announcement-changes.js';
import { announcementInputSchema } from '../../../bot/announcements/announcement-schema.js';
import { API_ACTOR } from '../../../bot/announcements/audit-announcement.js';
import { ensureMonthlyStatusPost } from '../../../bot/announcements/monthly-status-post.js';
import type { Reply } from '../../../bot/chat/reply.js';
import type { Store } from '../../../data/store/store.js';
import { ALERT_PEOPLE, ALERT_WORLD_CSV, CHANNELS } from '../../support/alert-world.js';
import { ask, chatRequest, textOf } from '../../support/chat.js';
import { deliverAnnouncements } from '../../support/deliver-announcements.js';
import { sqlValue } from '../../support/raw-sql.js';
import { TEST_TENANT } from '../../support/teams-activity.js';
import { PEOPLE, worldStore } from '../../support/world.js';

const NOW = new Date('2025-06-02T10:00:00Z');
const SVEN = { id: 'E-SVEN', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000009', name: 'Sven Specialist' };
const WORLD = {
  ...ALERT_WORLD_CSV,
  'employees.csv': `${ALERT_WORLD_CSV['employees.csv']!.trim()}\n${SVEN.id},${SVEN.name},sven@kk.dk,${SVEN.aadObjectId},,SPEC,specialist,2020-01-01,\n`,
};

const CANNOT = 'Den meddelelse kan du ikke ændre. Du kan rette, annullere og trække dine egne meddelelser tilbage; Brobyggers administratorer kan gøre det med alle meddelelser.';
const ONLY_SPECIALISTS = 'Kun specialenheden BIF–SOF (og Brobyggers administratorer) kan sende meddelelser.';
const NOT_A_DRAFT = 'Det udkast er allerede sendt eller slettet.';

type Who = 'author' | 'otherSpecialist' | 'admin' | 'caseworker';
type Target = 'own' | 'portal' | 'status';
type Change = 'correct' | 'cancel' | 'withdraw';

const PERSON: Record<Who, { aadObjectId: string; name: string }> = { author: PEOPLE.fatima, otherSpecialist: SVEN, admin: ALERT_PEOPLE.adam, caseworker: PEOPLE.anna };

/** The decided matrix: who may do what to which announcement (README, Announcements). */
const ALLOWED: Record<Who, Record<Target, Change[]>> = {
  author: { own: ['correct', 'cancel', 'withdraw'], portal: [], status: [] },
  otherSpecialist: { own: [], portal: [], status: [] },
  admin: { own: ['correct', 'cancel', 'withdraw'], portal: ['correct', 'cancel', 'withdraw'], status: ['cancel', 'withdraw'] },
  caseworker: { own: [], portal: [], status: [] },
};

let store: Store;
let ids: Record<Target, number>;

const press = (who: { aadObjectId: string; name: string }, verb: string, data: unknown) => ask(store, chatRequest(who, '', { cardAction: { verb, data }, now: NOW }));
const latestDraft = () => sqlValue<number>(store, "SELECT max(announcement_id) FROM announcements WHERE state = 'draft'");
const drafts = () => sqlValue<number>(store, "SELECT count(*) FROM announcements WHERE state = 'draft'");
const CORRECTION_FORM = { title: 'Rettet overskrift', text: 'Rettet tekst', url: '' };

beforeEach(async () => {
  store = await worldStore(WORLD, NOW);
  const input = announcementInputSchema.parse({ title: 'Netværksmøde', text: 'Vi mødes tirsdag.', audience: { units: ['JC-UDSAT'] }, delivery: 'channels' });
  const fatima = { id: PEOPLE.fatima.id, employeeId: PEOPLE.fatima.id, aadObjectId: PEOPLE.fatima.aadObjectId, administration: 'BIF-SOF' };
  ids = {
    own: await saveAnnouncement(store, input, { source: 'chat', actor: fatima, senderConversationId: null, state: 'active' }, NOW),
    portal: await saveAnnouncement(store, input, { source: 'api', actor: API_ACTOR, senderConversationId: null, state: 'active' }, NOW),
    status: (await ensureMonthlyStatusPost(store, undefined, NOW))!,
  };
});

const cells = (Object.keys(ALLOWED) as Who[]).flatMap((who) => (['own', 'portal', 'status'] as Target[]).flatMap((target) => (['correct', 'cancel', 'withdraw'] as Change[]).map((change) => [who, target, change, ALLOWED[who][target].includes(change)] as const)));

describe('who may correct, cancel and withdraw which announcement (chat)', () => {
  it('the fixtures: the author’s, the portal’s and the monthly status post, all active', async () => {
    const states = [];
    for (const id of Object.values(ids)) states.push((await store.announcements.find(id))?.state);
    expect(states).toEqual(['active', 'active', 'active']);
    expect((await store.announcements.find(ids.status))?.kind).toBe('goal-status');
  });

  it.each(cells)('%s → %s announcement → %s: allowed %s', async (who, target, change, allowed) => {
    const person = PERSON[who];
    const id = ids[target];
    const refusal = who === 'caseworker' ? ONLY_SPECIALISTS : CANNOT;
    if (change === 'correct') {
      const form = await press(person, 'announcement.correct', { announcementId: id });
      const before = await drafts();
      const preview = await press(person, 'announcement.preview', { ...CORRECTION_FORM, correctsId: String(id) });
      if (allowed) {
        expect(textOf(form.replies[0])).toBe('Ret meddelelsen "Netværksmøde"'.replace('Netværksmøde', (await store.announcements.find(id))!.title));
        expect(await drafts()).toBe(before + 1);
        expect(preview.replies[0]).toMatchObject({ card: 'announcement-preview' });
        const draftId = await latestDraft();
        const saved = await press(person, 'announcement.send', { draftId });
        expect(JSON.stringify(saved.replies)).toContain('Rettelsen er gemt.');
        expect((await store.announcements.find(id))?.title).toBe('Rettet overskrift');
      } else {
        expect(textOf(form.replies[0])).toBe(refusal);
        expect(textOf(preview.replies[0])).toBe(refusal);
        expect(await drafts()).toBe(before);
        expect((await store.announcements.find(id))?.revision).toBe(1);
      }
      return;
    }
    const { replies } = await press(person, `announcement.${change}`, { announcementId: id });
    const state = (await store.announcements.find(id))?.state;
    if (allowed) {
      expect(state).toBe(change === 'cancel' ? 'cancelled' : 'withdrawn');
      expect(replies).toHaveLength(2);
    } else {
      expect(textOf(replies[0])).toBe(refusal);
      expect(state).toBe('active');
    }
  });

  it('the refusal is the same whether the announcement exists or not', async () => {
    expect(textOf((await press(SVEN, 'announcement.withdraw', { announcementId: 424242 })).replies[0])).toBe(CANNOT);
    expect(textOf((await press(SVEN, 'announcement.withdraw', { announcementId: ids.own })).replies[0])).toBe(CANNOT);
  });
});

describe('a draft is its author’s alone', () => {
  it.each([
    ['another specialist', SVEN],
    ['an admin', ALERT_PEOPLE.adam],
  ])('%s cannot send, edit or discard it', async (_kind, person) => {
    const preview = await press(PEOPLE.fatima, 'announcement.preview', { ...CORRECTION_FORM, audience: '', units: 'JC-UDSAT', delivery: 'channels', when: 'now', sendDate: '', sendTime: '', every: '3', week: 'first', weekday: 'tuesday', recurTime: '09:00', correctsId: '' });
    expect(preview.replies[0]).toMatchObject({ card: 'announcement-preview' });
    const draftId = await latestDraft();
    expect((await store.announcements.find(draftId))?.state).toBe('draft');
    for (const verb of ['announcement.send', 'announcement.edit', 'announcement.discard']) {
      expect(textOf((await press(person, verb, { draftId })).replies[0]), verb).toBe(NOT_A_DRAFT);
      expect((await store.announcements.find(draftId))?.state).toBe('draft');
    }
    await press(PEOPLE.fatima, 'announcement.send', { draftId });
    expect((await store.announcements.find(draftId))?.state).toBe('active');
  });

  it('"Send" on a correction draft checks the target again (a draft saved before these rules cannot slip through)', async () => {
    const sven = { id: SVEN.id, employeeId: SVEN.id, aadObjectId: SVEN.aadObjectId, administration: 'BIF-SOF' };
    const content = announcementInputSchema.parse({ ...CORRECTION_FORM, url: null, audience: { units: ['JC-UDSAT'] }, delivery: 'channels' });
    const draftId = await saveAnnouncement(store, content, { source: 'chat', actor: sven, senderConversationId: null, state: 'draft', correctsId: ids.own }, NOW);
    expect(textOf((await press(SVEN, 'announcement.send', { draftId })).replies[0])).toBe(CANNOT);
    expect(await store.announcements.find(ids.own)).toMatchObject({ revision: 1, title: 'Netværksmøde' });
  });
});

describe('"Læst"', () => {
  /** A counted press answers the presser with their own view of the card (confirmed on it), with the thanks as its text. */
  const confirmation = (reply: Reply | undefined) => {
    if (reply?.kind !== 'replace-card') return textOf(reply);
    expect(String(reply.data.readNote)).toMatch(/^✓ Du har markeret meddelelsen som læst /);
    return reply.onlyForPresser?.text;
  };
  const pressIn = (who: { aadObjectId: string; name: string }, conversationId: string, data: unknown) =>
    ask(store, chatRequest(who, '', { cardAction: { verb: 'announcement.read', data }, scope: 'channel', conversationId: `${conversationId};messageid=1700000000000`, now: NOW }));

  beforeEach(async () => {
    await store.conversations.remember({ conversationId: CHANNELS.teamNord, scope: 'channel', tenantId: TEST_TENANT, serviceUrl: 'http://127.0.0.1:9/', teamId: 'T', aadObjectId: null, reference: { conversation: { id: CHANNELS.teamNord } } }, NOW);
    await deliverAnnouncements(store, NOW);
  });

  it('counts employees only; someone who is not an employee is told so politely and not counted', async () => {
    const refused = await pressIn(PEOPLE.stranger, CHANNELS.teamNord, { announcementId: ids.own });
    expect(textOf(refused.replies[0])).toBe('Kun kommunens medarbejdere kan markere en meddelelse som læst, og du står ikke som ansat i Brobyggers organisationsdata.');
    expect(await store.announcements.readCount(ids.own)).toBe(0);
    const counted = await pressIn(PEOPLE.anna, CHANNELS.teamNord, { announcementId: ids.own });
    expect(confirmation(counted.replies[0])).toBe('Tak. Meddelelsen er markeret som læst.');
    expect(await store.announcements.readCount(ids.own)).toBe(1);
  });

  it('counts only a press in a conversation the announcement was delivered to; elsewhere a polite answer and no count', async () => {
    const NOT_HERE = 'Knappen hører til en meddelelse, der ikke er leveret i denne samtale, så dit tryk på "Læst" tæller ikke med.';
    expect(await store.announcements.deliveredIn(ids.own, CHANNELS.teamNord)).toBe(true);
    for (const elsewhere of [CHANNELS.rusTeamA, CHANNELS.spec]) {
      expect(textOf((await pressIn(PEOPLE.anna, elsewhere, { announcementId: ids.own })).replies[0])).toBe(NOT_HERE);
    }
    expect(textOf((await press(PEOPLE.anna, 'announcement.read', { announcementId: ids.own })).replies[0])).toBe(NOT_HERE); // her 1:1 chat: it went to channels only
    expect(textOf((await pressIn(PEOPLE.anna, CHANNELS.teamNord, { announcementId: 424242 })).replies[0])).toBe(NOT_HERE);
    expect(await store.announcements.readCount(ids.own)).toBe(0);
    expect(confirmation((await pressIn(PEOPLE.mads, CHANNELS.teamNord, { announcementId: ids.own })).replies[0])).toBe('Tak. Meddelelsen er markeret som læst.');
    expect(await store.announcements.readCount(ids.own)).toBe(1);
  });
});
