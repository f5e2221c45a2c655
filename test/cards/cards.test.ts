import { beforeAll, describe, expect, it } from 'vitest';
import { CARD_NAMES, type CardName } from '../../cards/card-names.js';
import { renderCard } from '../../cards/render-card.js';
import type { Reply } from '../../bot/chat/reply.js';
import { welcomeCard } from '../../bot/welcome/welcome-card.js';
import { ask, chatRequest, handleChat, silentLog } from '../support/chat.js';
import { CITIZENS, PEOPLE, WORLD_CSV, worldStore } from '../support/world.js';
import { consentSettings } from '../../bot/consent/consent-settings.js';
import { validateAdaptiveCard } from '../schemas/load-schemas.js';
import { alertCard } from '../../bot/alerts/alert-card-data.js';
import { acceptEvent } from '../../bot/events/accept-event.js';
import { parseEvent } from '../../bot/events/event-schemas.js';
import { ALERT_PEOPLE, ALERT_WORLD_CSV, CHANNELS } from '../support/alert-world.js';
import { benefitStopped } from '../support/signed-event.js';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../../domain/calendar/opening-hours.js';
import { chatRoutes } from '../../bot/compose/chat-routes.js';
import { guideExtensionSelect } from '../../bot/guide/guide-extension.js';
import { GUIDE_WORLD_CSV } from '../support/guide-world.js';
import { HOTLINE_PEOPLE, HOTLINE_WORLD_CSV } from '../support/hotline-world.js';
import { saveAnnouncement, correctAnnouncement } from '../../bot/announcements/announcement-changes.js';
import { announcementCard, previewCard, readerView, reportCard } from '../../bot/announcements/announcement-cards.js';
import { formCard, inputFromForm } from '../../bot/announcements/announcement-form.js';
import { announcementInputSchema } from '../../bot/announcements/announcement-schema.js';
import { API_ACTOR } from '../../bot/announcements/audit-announcement.js';
import { fanOutDueSends } from '../../bot/announcements/fan-out.js';
import { ANNOUNCEMENT_WORLD_CSV, rememberConversations, UNIT_CHANNELS } from '../support/announcement-world.js';
import { markStatusWorld, STATUS_WORLD_CSV } from '../support/status-world.js';
import { statusReply } from '../../bot/status/status-card.js';
import { markingNoticeCard } from '../../bot/shared-citizen/marking-notice.js';
import { MARKING_CHANNEL_WORLD_CSV } from '../support/marking-world.js';
import { sqlColumn, sqlValue } from '../support/raw-sql.js';
import { startUnleasedAttempt } from '../support/start-unleased-attempt.js';

const TEAMS_CARD_LIMIT = 28 * 1024;

/** Card replies produced by the real capabilities, so the samples are the data the cards will actually get. */
async function sampleReplies(): Promise<Reply[]> {
  const store = await worldStore();
  const replies: Reply[] = [welcomeCard('da', 'personal', null), welcomeCard('en', 'channel', null)];
  const collect = async (user: { aadObjectId: string }, text: string, locale: 'da' | 'en' = 'da') => {
    const { replies: found } = await ask(store, chatRequest(user, text, { locale }));
    replies.push(...found);
    return found;
  };
  await collect(PEOPLE.anna, 'hjælp');
  await collect(PEOPLE.anna, 'help', 'en');
  await collect(PEOPLE.anna, CITIZENS.shared);
  await collect(PEOPLE.mads, CITIZENS.shared, 'en');
  await collect(PEOPLE.bo, CITIZENS.bifOnly);
  await collect(PEOPLE.anna, CITIZENS.sofOnly);
  await collect(PEOPLE.fatima, CITIZENS.unknown, 'en');
  await collect(PEOPLE.anna, `${CITIZENS.moved} pr. 31-12-2024`);
  const [confirm] = await collect(PEOPLE.fatima, `marker ${CITIZENS.bifOnly} aftalt \${evil} på "netværksmøde"`);
  const data = (confirm as Extract<Reply, { kind: 'card' }>).data as any;
  const { replies: done } = await ask(store, chatRequest(PEOPLE.fatima, '', { cardAction: { verb: data.confirm.verb, data: { pendingId: data.confirm.pendingId } } }));
  replies.push(...done);
  return [...replies, ...(await alertSamples()), ...(await hotlineAndGuideSamples()), ...(await announcementSamples()), ...(await statusSamples()), ...(await markingNoticeSamples()), ...(await consentSamples()), ...(await sampleCheckSamples())];
}

/** The specialist unit's sample check, in both languages, and with the sides withheld for lack of consent. */
async function sampleCheckSamples(): Promise<Reply[]> {
  const store = await worldStore();
  const { replies: da } = await ask(store, chatRequest(PEOPLE.fatima, 'stikprøve 20'));
  const { replies: en } = await ask(store, chatRequest(PEOPLE.fatima, 'stikprøve 2', { locale: 'en' }));
  const { replies: withheld } = await handleChat(chatRequest(PEOPLE.fatima, 'stikprøve 2'), { store, log: silentLog }, chatRoutes({ consent: consentSettings(true) }));
  return [...da, ...en, ...withheld].filter((reply) => reply.kind === 'card' && reply.card === 'sample-check');
}

/** Lookups with CONSENT_REQUIRED_FOR_SHARING on: the other side withheld for lack of consent (both languages), and consent given. */
async function consentSamples(): Promise<Reply[]> {
  const store = await worldStore({ ...WORLD_CSV, 'consents.csv': 'cpr,purpose,given_on,expires_on,withdrawn_on,reference\n030370-3456,bif_sof_sharing,2025-03-01,2026-03-01,,DS-1\n' });
  const routes = chatRoutes({ consent: consentSettings(true) });
  const samples: Reply[] = [];
  for (const [user, text, locale] of [[PEOPLE.anna, CITIZENS.shared, 'da'], [PEOPLE.mads, CITIZENS.shared, 'en'], [PEOPLE.mads, CITIZENS.sofOnly, 'da']] as const) {
    await store.greetedUsers.markGreeted(user.aadObjectId, new Date(0));
    samples.push(...(await handleChat(chatRequest(user, text, { locale }), { store, log: silentLog }, routes)).replies);
  }
  return samples;
}

/** The notice of a marking in the specialist unit's channel, from the outbox row a real confirmation queued. */
async function markingNoticeSamples(): Promise<Reply[]> {
  const store = await worldStore(MARKING_CHANNEL_WORLD_CSV);
  const { replies } = await ask(store, chatRequest(PEOPLE.fatima, `afmarker ${CITIZENS.shared} aftalt \${evil} på "netværksmøde"`));
  const data = (replies[0] as Extract<Reply, { kind: 'card' }>).data as any;
  await ask(store, chatRequest(PEOPLE.fatima, '', { cardAction: { verb: data.confirm.verb, data: { pendingId: data.confirm.pendingId } } }));
  const row = (await store.outbox.find(await sqlValue<number>(store, "SELECT id FROM outbox WHERE purpose = 'shared-marking'")))!;
  return [markingNoticeCard(row.message), markingNoticeCard(row.message, 'en')];
}

/** The hotline card (whitelisted, closed, not whitelisted), the whitelist list, guide results and a guide entry. */
async function hotlineAndGuideSamples(): Promise<Reply[]> {
  const hours = parseOpeningHours(DEFAULT_OPENING_HOURS);
  if (!hours.ok) throw new Error(hours.problem);
  const routes = chatRoutes({ hotline: { openingHours: hours.value, hotlineUnitId: 'HOTLINE', callCentreUnitId: 'CALL' } });
  const hotlineStore = await worldStore(HOTLINE_WORLD_CSV);
  const samples: Reply[] = [];
  const say = async (store: typeof hotlineStore, user: { aadObjectId: string }, text: string, overrides: Record<string, unknown> = {}) => {
    await store.greetedUsers.markGreeted(user.aadObjectId, new Date(0));
    samples.push(...(await handleChat(chatRequest(user, text, overrides), { store, log: silentLog }, routes)).replies);
  };
  await say(hotlineStore, PEOPLE.mads, 'hotline kontanthjælp');
  await say(hotlineStore, PEOPLE.mads, 'hotline ${evil}', { locale: 'en', now: new Date('2025-06-07T10:00:00Z') });
  await say(hotlineStore, PEOPLE.anna, 'hotline');
  await say(hotlineStore, HOTLINE_PEOPLE.admin, 'hotline hvidliste');
  const guideStore = await worldStore(GUIDE_WORLD_CSV);
  await say(guideStore, PEOPLE.anna, 'vejviser behandling hotline handleplan linie');
  await say(guideStore, PEOPLE.anna, 'enkeltydelser pr. 1.6.2024', { locale: 'en' });
  samples.push((await guideExtensionSelect(guideStore, 'rusmiddel', 'da', new Date('2025-06-02T10:00:00Z')))!);
  await say(guideStore, PEOPLE.anna, 'vejviser kvantefysik');
  await say(guideStore, PEOPLE.fatima, 'vejviser rapport');
  await say(guideStore, PEOPLE.fatima, 'guide report 7', { locale: 'en' });
  return samples;
}

/** The status card: a month with every figure shown, one with suppressed figures (English), and one asked in chat. */
async function statusSamples(): Promise<Reply[]> {
  const store = await worldStore(STATUS_WORLD_CSV);
  await markStatusWorld(store);
  const { replies: asked } = await ask(store, chatRequest(PEOPLE.lene, 'status september 2025', { now: new Date('2026-02-10T10:00:00Z') }));
  return [await statusReply(store, '2025-10', 'da'), await statusReply(store, '2026-01', 'en'), ...asked];
}

/** The alert card in its states, the channel-link answer and the dead-letter list, from a world with channels. */
async function alertSamples(): Promise<Reply[]> {
  const store = await worldStore(ALERT_WORLD_CSV);
  const now = new Date('2025-06-02T10:00:00Z');
  const settings = { dropNonShared: false, fallbackUnitId: undefined };
  const accept = async (id: string, body: Record<string, unknown>) => {
    const parsed = parseEvent(body);
    if (!parsed.ok) throw new Error(parsed.problems.join());
    const accepted = await store.transaction((tx) => acceptEvent(tx, id, parsed.event, now, settings));
    return (accepted as { alertId: number }).alertId;
  };
  const first = await accept('msg_1', benefitStopped(CITIZENS.shared, { note: 'Note med ${evil} og "citater"', bif_caseworker_id: PEOPLE.anna.id }));
  const second = await accept('msg_2', { type: 'category.changed', timestamp: '2025-06-02T09:00:00Z', data: { cpr: CITIZENS.sofOnly, from: 'aktivitetsparat', to: 'jobparat', date: '2025-06-02' } });
  const samples: Reply[] = [await alertCard(store, (await store.alerts.find(first))!, 'da', { notice: 'Jeg har sendt borgeroverblikket til din 1:1-chat.' }), await alertCard(store, (await store.alerts.find(second))!, 'en', { escalated: true, resent: true })];
  // CONSENT_REQUIRED_FOR_SHARING on and no consent: the caseworkers give way to the entry points.
  samples.push(await alertCard(store, (await store.alerts.find(first))!, 'da', { consentRequired: true }));
  await store.alerts.tryClaim(first, PEOPLE.mads.id, now);
  samples.push(await alertCard(store, (await store.alerts.find(first))!, 'da'));
  await store.alerts.tryResolve(first, PEOPLE.mads.id, 'Ringet op', now);
  samples.push(await alertCard(store, (await store.alerts.find(first))!, 'en'));
  const link = await ask(store, chatRequest(ALERT_PEOPLE.adam, 'tilknyt RUS', { scope: 'channel', conversationId: `${CHANNELS.spec};messageid=1` }));
  samples.push(...link.replies);
  const dead = (await store.outbox.postsOf(second))[0]!;
  await store.outbox.finish(dead.id, 'dead', 'no-conversation');
  samples.push(...(await ask(store, chatRequest(ALERT_PEOPLE.adam, 'advis fejlet'))).replies);
  return samples;
}

/** The form (empty, with problems, for a correction), a preview, a recipient's card and delivery reports. */
async function announcementSamples(): Promise<Reply[]> {
  const store = await worldStore(ANNOUNCEMENT_WORLD_CSV);
  const now = new Date('2025-06-02T10:00:00Z');
  await rememberConversations(store, 'http://connector.invalid/', { channels: [UNIT_CHANNELS['JC-UDSAT']], people: [PEOPLE.anna.aadObjectId] });
  const form = inputFromForm({ title: '', text: 'Tekst med ${evil}', url: 'ftp://x', audience: '', units: '', delivery: 'both', when: 'at', sendDate: '', sendTime: '', every: '3', week: 'first', weekday: 'tuesday', recurTime: '09:00' }, 'da');
  const problems = form.ok ? [] : form.problems;
  const input = announcementInputSchema.parse({ title: 'Netværksmøde', text: '**Kontaktpersoner**: mødet er flyttet. ${evil}', url: 'https://portal.example/net', audience: { units: ['JC-UDSAT'], contact_persons: true }, delivery: 'both', recurrence: { every_months: 3, week: 'first', weekday: 'tuesday', time: '09:00' } });
  const origin = { source: 'chat' as const, actor: API_ACTOR, senderConversationId: 'a:personal-fatima' };
  const draft = await saveAnnouncement(store, input, { ...origin, state: 'draft' }, now);
  const id = await saveAnnouncement(store, { ...input, recurrence: null }, { ...origin, state: 'active' }, now);
  await fanOutDueSends(store, now);
  const [first] = await sqlColumn<number>(store, "SELECT id FROM outbox WHERE operation = 'post' AND purpose = 'announcement' ORDER BY id");
  await startUnleasedAttempt(store, first!, now);
  await store.outbox.finish(first!, 'dead', '403 BotDisabledByAdmin: the tenant admin disabled this bot');
  await correctAnnouncement(store, id, { title: 'Netværksmøde (rettet)', body: 'Nyt lokale', url: null }, API_ACTOR, now);
  const announcement = (await store.announcements.find(id))!;
  return [
    await formCard(store, 'da', now),
    await formCard(store, 'en', now, { problems }),
    await formCard(store, 'da', now, { correcting: announcement }),
    await previewCard(store, (await store.announcements.find(draft))!, 'da', now),
    await previewCard(store, (await store.announcements.find(draft))!, 'en', now, 'Sent'),
    announcementCard(announcement),
    announcementCard({ ...announcement, url: 'https://portal.example/a' }, 'en'),
    readerView(announcement, now),
    (await reportCard(store, id, 'da', now))!,
    (await reportCard(store, draft, 'en', now))!,
  ];
}

describe('card templates', () => {
  let rendered: { name: CardName; card: Record<string, unknown> }[];
  beforeAll(async () => {
    rendered = (await sampleReplies())
      .filter((reply): reply is Exclude<Reply, { kind: 'text' }> => reply.kind !== 'text')
      .map((reply) => ({ name: reply.card, card: renderCard(reply.card, reply.data) }));
  });

  it('has a sample for every template', () => {
    expect(new Set(rendered.map((sample) => sample.name))).toEqual(new Set(CARD_NAMES));
  });

  it('renders every sample to a valid Adaptive Card 1.5 under Teams’ 28 KB limit', () => {
    for (const { name, card } of rendered) {
      expect(card.version, name).toBe('1.5');
      expect(validateAdaptiveCard(card), name).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(card)), name).toBeLessThan(TEAMS_CARD_LIMIT);
      // Every binding was filled (the reason's literal "${evil}" is user text, tested below).
      expect(JSON.stringify(card).replaceAll('${evil}', ''), name).not.toContain('${');
    }
  });

  it('colours by container style, never by text colour: pale green or yellow text on white fails contrast', () => {
    const coloured = (node: unknown, path: string): string[] => {
      if (Array.isArray(node)) return node.flatMap((item, index) => coloured(item, `${path}/${index}`));
      if (!node || typeof node !== 'object') return [];
      const element = node as Record<string, unknown>;
      const own = (element.type === 'TextBlock' || element.type === 'TextRun') && element.color !== undefined && element.color !== 'Default' ? [`${path}: ${String(element.color)}`] : [];
      return [...own, ...Object.entries(element).flatMap(([key, value]) => coloured(value, `${path}/${key}`))];
    };
    for (const { name, card } of rendered) expect(coloured(card, name)).toEqual([]);
  });

  it('inserts user text literally: a ${…} in a reason is not evaluated', () => {
    const result = rendered.find((sample) => sample.name === 'shared-marking-result')!;
    expect(JSON.stringify(result.card)).toContain('aftalt ${evil} på \\"netværksmøde\\"');
  });

  it('the schema check can fail: a card with a wrong element type is reported', () => {
    expect(validateAdaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlok', text: 'x' }] })).not.toEqual([]);
  });

  describe("Teams' charts (not in Adaptive Card 1.5)", () => {
    const line = { type: 'Chart.Line', title: 'Aktiveringsgrad', data: [{ legend: 'Aktiveringsgrad', values: [{ x: 'okt. 25', y: 71.4 }] }] };
    const card = (element: Record<string, unknown>) => ({ type: 'AdaptiveCard', version: '1.5', body: [element] });

    it('the official schema refuses a chart without a fallback, and the check says why', () => {
      const errors = validateAdaptiveCard(card(line));
      expect(errors).toContain('/body/0: Chart.Line is not in Adaptive Card 1.5 and has no fallback for clients without charts');
      expect(errors.length).toBeGreaterThan(1);
    });

    it('accepts a documented chart whose fallback is a valid 1.5 element, and checks that fallback', () => {
      expect(validateAdaptiveCard(card({ ...line, fallback: { type: 'TextBlock', text: '71,4 %' } }))).toEqual([]);
      expect(validateAdaptiveCard(card({ ...line, fallback: { type: 'TextBlok', text: '71,4 %' } }))).not.toEqual([]);
    });

    it('refuses chart data in a shape Teams does not document', () => {
      const errors = validateAdaptiveCard(card({ ...line, data: [{ legend: 'x', values: [{ x: 'okt. 25', y: '71,4 %' }] }], fallback: 'drop' }));
      expect(errors.join()).toContain('Chart.Line');
    });

    it('the status card charts the rate for 6 months on a 0–100 axis, shared citizens for 12, and falls back to a table of every month', () => {
      const status = rendered.find((sample) => sample.name === 'status')!.card as any;
      const chart = status.body.find((element: any) => element.type === 'Chart.Line');
      // October 2025, whose rate is shown for October only: the target's line (all 6 months) comes first, so the
      // months Teams puts on the axis, in the order it meets them, are in calendar order.
      expect(chart.data.map((series: any) => series.legend)).toEqual(['Mål', 'Aktiveringsgrad']);
      const axis = [...new Set(chart.data.flatMap((series: any) => series.values.map((point: any) => point.x)))];
      expect(axis).toEqual(['maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.']);
      expect([chart.yMin, chart.yMax]).toEqual([0, 100]);
      expect(chart.fallback.type).toBe('Container');
      const rows = chart.fallback.items.filter((item: any) => item.type === 'ColumnSet');
      expect(rows).toHaveLength(13);
      const bars = status.body.find((element: any) => element.type === 'Chart.HorizontalBar');
      expect(bars.displayMode).toBe('AbsoluteNoAxis');
      // November and December 2024 had fewer than 5 shared citizens: no bar, and the year goes on January.
      expect(bars.data[0]).toEqual({ x: 'jan. 25', y: 8 });
      expect(bars.data).toHaveLength(10);
      expect(bars.fallback.type).toBe('TextBlock');
    });
  });
});
