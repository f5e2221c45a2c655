import { pino } from 'pino';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderCard } from '../../../cards/render-card.js';
import type { Store } from '../../../data/store/store.js';
import { sqlRows, sqlValue } from '../../support/raw-sql.js';
import type { ChatRequest } from '../../../bot/chat/chat-request.js';
import type { Reply } from '../../../bot/chat/reply.js';
import type { IsoDate } from '../../../domain/dates/iso-date.js';
import { markingDeliveryHooks } from '../../../bot/shared-citizen/marking-delivery-hooks.js';
import { sharedStatusOn } from '../../../bot/citizen-status/shared-status.js';
import { ask, auditRows, cardOf, chatRequest, handleChat, textOf } from '../../support/chat.js';
import { MARKING_CHANNEL_WORLD_CSV, MARKING_CITIZENS, MARKING_WORLD_CSV, SPEC_CHANNEL } from '../../support/marking-world.js';
import { CITIZENS, PEOPLE, worldStore } from '../../support/world.js';

const press = (user: { aadObjectId: string }, verb: string, data: unknown, overrides: Partial<ChatRequest> = {}) =>
  chatRequest(user, '', { cardAction: { verb, data }, ...overrides });

const REFUSED_200280 = 'Jeg kan ikke ændre markeringen af 200280-xxxx. Specialenheden kan markere og afmarkere borgere, der har en åben sag i BIF eller SOF i dag. Intet er ændret.';

/** A reply as Teams would get it: cards rendered from their templates. */
const rendered = (replies: Reply[]) => JSON.stringify(replies.map((reply) => (reply.kind === 'text' ? reply.text : renderCard(reply.card, reply.data))));

describe('shared-citizen marking by the specialist unit', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore(MARKING_CHANNEL_WORLD_CSV);
  });

  async function requestMarking(text: string, overrides: Partial<ChatRequest> = {}) {
    const { replies } = await ask(store, chatRequest(PEOPLE.fatima, text, overrides));
    return cardOf(replies[0], 'shared-marking-confirm');
  }
  const confirm = (card: Record<string, any>, overrides: Partial<ChatRequest> = {}) =>
    ask(store, press(PEOPLE.fatima, card.confirm.verb, { pendingId: card.confirm.pendingId }, overrides));
  /** The audit rows of this test (the import's channel links left out). */
  const audit = async () => (await auditRows(store)).filter((row) => row.action !== 'channel.linked');
  const overrideCount = () => sqlValue(store, 'SELECT count(*) FROM shared_citizen_overrides');
  const notices = () => sqlRows<{ id: number; conversation_id: string; message: string }>(store, "SELECT * FROM outbox WHERE purpose = 'shared-marking' ORDER BY id");
  const renderNotice = async (id: number) => {
    const reply = (await markingDeliveryHooks()['shared-marking']!.render(store, (await store.outbox.find(id))!, new Date()))!;
    return renderCard('shared-marking-notice', cardOf(reply, 'shared-marking-notice'));
  };

  it('marks a citizen with an open case after confirmation, names no one on the card, and tells the specialist unit’s channel', async () => {
    const card = await requestMarking(`marker ${CITIZENS.bifOnly} aftalt på netværksmøde`);
    expect(card.maskedCpr).toBe('150875-xxxx');
    expect(card.facts).toEqual([
      { title: 'Ny status', value: 'Fællesborger (markeret manuelt)' },
      { title: 'Begrundelse', value: 'aftalt på netværksmøde' },
    ]);
    expect(card.note).toBe('Når du bekræfter, bliver markeringen vist i specialenhedens kanal.');
    const shown = JSON.stringify(renderCard('shared-marking-confirm', card));
    for (const secret of ['Carl Jobparat', 'ud fra sagerne', 'Ikke fællesborger', '1008']) expect(shown).not.toContain(secret);
    expect((await sharedStatusOn(store, CITIZENS.bifOnly, '2025-06-02')).shared).toBe(false);
    expect(await notices()).toEqual([]);

    const { replies } = await confirm(card);
    expect(replies[0]).toMatchObject({ kind: 'replace-card', card: 'shared-marking-result', data: { text: '150875-xxxx er nu markeret som fællesborger.' } });
    expect(await sharedStatusOn(store, CITIZENS.bifOnly, '2025-06-02')).toMatchObject({ shared: true, derived: false, override: { shared: true, reason: 'aftalt på netværksmøde', byEmployeeId: PEOPLE.fatima.id } });
    expect((await sharedStatusOn(store, CITIZENS.bifOnly, '2025-06-01')).shared).toBe(false);

    // The notice: queued with the marking, for the specialist unit's channel, with the masked CPR only.
    const [notice] = (await notices());
    expect(notice).toMatchObject({ conversation_id: SPEC_CHANNEL });
    expect(notice!.message).not.toMatch(/150875-?1008/);
    const posted = (await renderNotice(notice!.id)) as any;
    expect(posted.body[0].text).toBe('Borger markeret som fællesborger');
    expect(posted.body[1].text).toBe('Fatima Ahmadi har markeret 150875-xxxx som fællesborger fra 2.\u00a0juni 2025.');
    expect(Object.fromEntries(posted.body[2].facts.map((fact: any) => [fact.title, fact.value]))).toEqual({
      Borger: '150875-xxxx',
      'Markeret af': 'Fatima Ahmadi',
      'Ny status': 'Fællesborger (markeret manuelt)',
      'Gælder fra': '2.\u00a0juni 2025',
      Begrundelse: 'aftalt på netværksmøde',
    });
    expect(JSON.stringify(posted)).not.toMatch(/150875-?1008/);

    // The specialist unit may now look the citizen up.
    expect(cardOf((await ask(store, chatRequest(PEOPLE.fatima, CITIZENS.bifOnly))).replies[0], 'citizen-lookup').badges[0].text).toBe('Fællesborger (markeret af specialenheden)');
    expect((await audit()).map((row) => [row.action, row.result, row.citizen_cpr, row.shown, JSON.parse(row.detail)])).toEqual([
      ['shared.marking.request', 'shown', CITIZENS.bifOnly, '["citizen.cpr_masked"]', { requested: 'mark' }],
      ['shared.marked', 'recorded', CITIZENS.bifOnly, null, { reason: 'aftalt på netværksmøde', notice: { unitId: 'SPEC', channelId: SPEC_CHANNEL } }],
      ['citizen.lookup', 'shown', CITIZENS.bifOnly, expect.any(String), { basis: 'specialist', consent: { state: 'none' }, consentRequired: false }],
    ]);
  });

  it.each(['marker', 'afmarker'])('"%s": an unknown number and a known citizen without a case get byte-identical answers, and the audit says why', async (verb) => {
    const unknown = (await ask(store, chatRequest(PEOPLE.fatima, `${verb} ${MARKING_CITIZENS.unknownTwin} aftalt`))).replies;
    const noCase = (await ask(store, chatRequest(PEOPLE.fatima, `${verb} ${MARKING_CITIZENS.noCase} aftalt`))).replies;
    expect(rendered(noCase)).toBe(rendered(unknown));
    expect(textOf(unknown[0])).toBe(REFUSED_200280);
    expect(rendered(noCase)).not.toContain('Gitte Ingensag');
    expect(await sqlValue(store, 'SELECT count(*) FROM pending_actions')).toBe(0);
    const requested = verb === 'marker' ? 'mark' : 'unmark';
    expect((await audit()).map((row) => [row.action, row.result, row.citizen_cpr, row.shown, JSON.parse(row.detail)])).toEqual([
      ['shared.marking.request', 'refused', MARKING_CITIZENS.unknownTwin, null, { reason: 'unknown-citizen', requested }],
      ['shared.marking.request', 'refused', MARKING_CITIZENS.noCase, null, { reason: 'no-open-case', requested }],
    ]);
  });

  it.each(['marker', 'afmarker'])('"%s": the two refusals do the same work, so their time does not tell them apart', async (verb) => {
    const calls: string[] = [];
    const watch = <T extends object>(name: string, target: T, method: keyof T & string) => {
      const original = (target[method] as (...args: unknown[]) => unknown).bind(target);
      vi.spyOn(target, method as never).mockImplementation(((...args: unknown[]) => {
        calls.push(`${name}.${method}`);
        return original(...args);
      }) as never);
    };
    watch('cases', store.cases, 'hasOpenCaseIn');
    watch('cases', store.cases, 'openCasesOf');
    watch('citizens', store.citizens, 'nameOf');
    watch('overrides', store.sharedOverrides, 'inForceOn');
    watch('audit', store.audit, 'append');
    watch('pending', store.pendingActions, 'create');
    const workFor = async (cpr: string) => {
      calls.length = 0;
      await ask(store, chatRequest(PEOPLE.fatima, `${verb} ${cpr} aftalt`));
      return [...calls];
    };
    const unknown = await workFor(MARKING_CITIZENS.unknownTwin);
    expect(unknown).toContain('citizens.nameOf');
    expect(await workFor(MARKING_CITIZENS.noCase)).toEqual(unknown);
  });

  it('a citizen whose case closes between the card and the confirmation is refused then, with the same words, and nothing is recorded', async () => {
    const lateEvening = new Date('2025-06-02T21:50:00Z'); // 23:50 in Copenhagen: the BIF case ends today
    const card = await requestMarking(`marker ${MARKING_CITIZENS.closingCase} aftalt`, { now: lateEvening });
    const { replies } = await confirm(card, { now: new Date('2025-06-02T22:10:00Z') }); // 00:10 the next day
    expect(replies[0]).toMatchObject({ kind: 'replace-card', card: 'shared-marking-result', data: { text: expect.stringContaining('Jeg kan ikke ændre markeringen af 210381-xxxx') } });
    expect(await overrideCount()).toBe(0);
    expect(await notices()).toEqual([]);
    expect((await audit()).map((row) => [row.action, row.result, JSON.parse(row.detail)])).toEqual([
      ['shared.marking.request', 'shown', { requested: 'mark' }],
      ['shared.marked', 'refused', { reason: 'no-open-case' }],
    ]);
    expect(textOf((await confirm(card, { now: new Date('2025-06-02T22:11:00Z') })).replies[0])).toContain('udløbet eller allerede besvaret');
  });

  it('unmarks a derived shared citizen, tells the channel, and a later marking closes the earlier one without rewriting it', async () => {
    const unmark = await requestMarking(`afmarker ${CITIZENS.shared} flyttet til anden kommune`);
    await confirm(unmark);
    expect(await sharedStatusOn(store, CITIZENS.shared, '2025-06-02')).toMatchObject({ shared: false, derived: true });
    expect(((await renderNotice((await notices())[0]!.id)) as any).body[1].text).toBe('Fatima Ahmadi har markeret 010190-xxxx som ikke-fællesborger fra 2.\u00a0juni 2025.');
    const later = new Date('2025-06-10T10:00:00Z');
    const mark = await requestMarking(`marker ${CITIZENS.shared} flyttet tilbage`, { now: later });
    await confirm(mark, { now: later });
    expect(await notices()).toHaveLength(2);
    expect((await sharedStatusOn(store, CITIZENS.shared, '2025-06-05')).shared).toBe(false);
    expect((await sharedStatusOn(store, CITIZENS.shared, '2025-06-10')).shared).toBe(true);
    const rows = await sqlRows(store, 'SELECT shared, valid_from, valid_to, CASE WHEN superseded_at IS NULL THEN 0 ELSE 1 END AS superseded FROM shared_citizen_overrides ORDER BY override_id');
    expect(rows).toEqual([
      { shared: 0, valid_from: '2025-06-02', valid_to: null, superseded: 1 },
      { shared: 0, valid_from: '2025-06-02', valid_to: '2025-06-09', superseded: 0 },
      { shared: 1, valid_from: '2025-06-10', valid_to: null, superseded: 0 },
    ]);
  });

  it('may unmark a citizen marked shared whose cases have closed (a lookup shows them anyway), but not mark one without a case', async () => {
    await store.sharedOverrides.record({ cpr: MARKING_CITIZENS.noCase, shared: true, reason: 'aftalt', byEmployeeId: PEOPLE.fatima.id, from: '2025-01-01' as IsoDate, now: new Date('2025-01-01T10:00:00Z') });
    expect(textOf((await ask(store, chatRequest(PEOPLE.fatima, `marker ${MARKING_CITIZENS.noCase} aftalt`))).replies[0])).toBe(REFUSED_200280);
    const card = await requestMarking(`afmarker ${MARKING_CITIZENS.noCase} sagerne er lukket`);
    await confirm(card);
    expect((await sharedStatusOn(store, MARKING_CITIZENS.noCase, '2025-06-02')).shared).toBe(false);
  });

  it('keeps the marking, and logs a warning, when the specialist unit has no channel', async () => {
    const noChannelStore = await worldStore(MARKING_WORLD_CSV);
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const say = async (request: ChatRequest) => {
      await noChannelStore.greetedUsers.markGreeted(request.user.aadObjectId!, request.now);
      return (await handleChat(request, { store: noChannelStore, log })).replies;
    };
    const card = cardOf((await say(chatRequest(PEOPLE.fatima, `marker ${CITIZENS.bifOnly} aftalt`)))[0], 'shared-marking-confirm');
    expect(card.note).toContain('kun registreret i revisionsloggen');
    expect((await say(press(PEOPLE.fatima, card.confirm.verb, { pendingId: card.confirm.pendingId })))[0]).toMatchObject({ data: { text: '150875-xxxx er nu markeret som fællesborger.' } });
    expect((await sharedStatusOn(noChannelStore, CITIZENS.bifOnly, '2025-06-02')).shared).toBe(true);
    expect(await sqlValue(noChannelStore, 'SELECT count(*) FROM outbox')).toBe(0);
    const warning = lines.map((line) => JSON.parse(line)).find((entry) => entry.level === 40);
    expect(warning).toMatchObject({ unitId: 'SPEC', msg: expect.stringContaining('no channel') });
    expect(JSON.stringify(lines)).not.toContain('1008');
    const recorded = (await auditRows(noChannelStore)).find((row) => row.action === 'shared.marked');
    expect(JSON.parse(recorded.detail)).toEqual({ reason: 'aftalt', notice: { notPosted: 'no-channel', unitId: 'SPEC' } });
  });

  it('lets only the specialist unit mark, and audits the refusal', async () => {
    const reply = textOf((await ask(store, chatRequest(PEOPLE.anna, `marker ${CITIZENS.bifOnly} fordi`))).replies[0]);
    expect(reply).toBe('Kun specialenheden kan markere eller afmarkere fællesborgere.');
    expect(await audit()).toMatchObject([{ action: 'shared.marking.request', result: 'refused', actor_employee_id: PEOPLE.anna.id }]);
  });

  it.each([
    [`marker ${CITIZENS.bifOnly}`, 'Skriv en begrundelse efter CPR-nummeret'],
    ['marker', 'Skriv en begrundelse efter CPR-nummeret'],
    ['marker 310290-1234 fordi', 'er ikke en rigtig dato'],
    [`marker ${CITIZENS.unknown} fordi`, 'Jeg kan ikke ændre markeringen af 050595-xxxx'],
    [`marker ${CITIZENS.bifOnly} ${'x'.repeat(501)}`, 'højst have 500 tegn'],
  ])('"%s" is answered politely and changes nothing', async (text, expected) => {
    expect(textOf((await ask(store, chatRequest(PEOPLE.fatima, text))).replies[0])).toContain(expected);
    expect(await overrideCount()).toBe(0);
  });

  it('cancel changes nothing and posts nothing', async () => {
    const card = await requestMarking(`marker ${CITIZENS.bifOnly} fordi`);
    const { replies } = await ask(store, press(PEOPLE.fatima, card.cancel.verb, { pendingId: card.cancel.pendingId }));
    expect(replies[0]).toMatchObject({ kind: 'replace-card', data: { text: 'Annulleret. Intet er ændret.' } });
    expect(await overrideCount()).toBe(0);
    expect(await notices()).toEqual([]);
  });

  describe('forged or tampered card actions', () => {
    it('a confirmation pressed twice is applied, and posted, once', async () => {
      const card = await requestMarking(`marker ${CITIZENS.bifOnly} fordi`);
      await confirm(card);
      const second = textOf((await confirm(card)).replies[0]);
      expect(second).toContain('udløbet eller allerede besvaret');
      expect(await overrideCount()).toBe(1);
      expect(await notices()).toHaveLength(1);
    });

    it('a confirmation pressed by someone else, an expired one and an invented id change nothing', async () => {
      const card = await requestMarking(`marker ${CITIZENS.bifOnly} fordi`);
      expect(textOf((await ask(store, press(PEOPLE.anna, card.confirm.verb, { pendingId: card.confirm.pendingId }))).replies[0])).toContain('tilhører en anden bruger');
      const late = new Date('2025-06-02T11:00:00Z');
      expect(textOf((await confirm(card, { now: late })).replies[0])).toContain('udløbet');
      expect(textOf((await ask(store, press(PEOPLE.fatima, card.confirm.verb, { pendingId: '00000000-0000-4000-8000-000000000000' }))).replies[0])).toContain('udløbet');
      expect(await overrideCount()).toBe(0);
      expect(await notices()).toEqual([]);
    });

    it.each([
      ['an unknown verb', 'shared.deleteAll', { pendingId: '00000000-0000-4000-8000-000000000000' }, 'Den handling kender jeg ikke'],
      ['a missing id', 'sharedMarking.confirm', {}, 'Knappen sendte data, jeg ikke kan bruge'],
      ['a CPR instead of the id', 'sharedMarking.confirm', { pendingId: '0101901234' }, 'Knappen sendte data, jeg ikke kan bruge'],
      ['data that is not an object', 'sharedMarking.confirm', 'DROP TABLE', 'Knappen sendte data, jeg ikke kan bruge'],
    ])('%s is refused politely', async (_name, verb, data, expected) => {
      expect(textOf((await ask(store, press(PEOPLE.fatima, verb, data))).replies[0])).toContain(expected);
      expect(await overrideCount()).toBe(0);
    });
  });
});
