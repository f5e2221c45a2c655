import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../data/store/store.js';
import type { ChatRequest } from '../../../bot/chat/chat-request.js';
import { sharedStatusOn } from '../../../bot/shared-citizen/shared-status.js';
import { ask, auditRows, cardOf, chatRequest, textOf } from '../../support/chat.js';
import { CITIZENS, PEOPLE, worldStore } from '../../support/world.js';

const press = (user: { aadObjectId: string }, verb: string, data: unknown, overrides: Partial<ChatRequest> = {}) =>
  chatRequest(user, '', { cardAction: { verb, data }, ...overrides });

describe('shared-citizen marking by the specialist unit', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore();
  });

  async function requestMarking(text: string) {
    const { replies } = await ask(store, chatRequest(PEOPLE.fatima, text));
    return cardOf(replies[0], 'shared-marking-confirm');
  }

  it('marks a citizen as shared only after confirmation, with the reason, and audits it', async () => {
    const card = await requestMarking(`marker ${CITIZENS.bifOnly} aftalt på netværksmøde`);
    expect(card.facts).toEqual([
      { title: 'Status nu', value: 'Ikke fællesborger (ud fra sagerne)' },
      { title: 'Ny status', value: 'Fællesborger (markeret manuelt)' },
      { title: 'Begrundelse', value: 'aftalt på netværksmøde' },
    ]);
    expect(sharedStatusOn(store, CITIZENS.bifOnly, '2025-06-02').shared).toBe(false);

    const { replies } = await ask(store, press(PEOPLE.fatima, card.confirm.verb, { pendingId: card.confirm.pendingId }));
    expect(replies[0]).toMatchObject({ kind: 'replace-card', card: 'shared-marking-result', data: { text: '150875-xxxx er nu markeret som fællesborger.' } });
    const status = sharedStatusOn(store, CITIZENS.bifOnly, '2025-06-02');
    expect(status).toMatchObject({ shared: true, derived: false, override: { shared: true, reason: 'aftalt på netværksmøde', byEmployeeId: PEOPLE.fatima.id } });
    expect(sharedStatusOn(store, CITIZENS.bifOnly, '2025-06-01').shared).toBe(false);
    // The specialist unit may now look the citizen up.
    expect(cardOf((await ask(store, chatRequest(PEOPLE.fatima, CITIZENS.bifOnly))).replies[0], 'citizen-lookup').badges[0].text).toBe('Fællesborger (markeret af specialenheden)');
    expect(auditRows(store).map((row) => [row.action, row.result, row.citizen_cpr])).toEqual([
      ['shared.marking.request', 'shown', CITIZENS.bifOnly],
      ['shared.marked', 'recorded', CITIZENS.bifOnly],
      ['citizen.lookup', 'shown', CITIZENS.bifOnly],
    ]);
  });

  it('unmarks a derived shared citizen, and a later marking closes the earlier one without rewriting it', async () => {
    const unmark = await requestMarking(`afmarker ${CITIZENS.shared} flyttet til anden kommune`);
    await ask(store, press(PEOPLE.fatima, unmark.confirm.verb, { pendingId: unmark.confirm.pendingId }));
    expect(sharedStatusOn(store, CITIZENS.shared, '2025-06-02')).toMatchObject({ shared: false, derived: true });
    const later = new Date('2025-06-10T10:00:00Z');
    const { replies } = await ask(store, chatRequest(PEOPLE.fatima, `marker ${CITIZENS.shared} flyttet tilbage`, { now: later }));
    const mark = cardOf(replies[0], 'shared-marking-confirm');
    await ask(store, press(PEOPLE.fatima, mark.confirm.verb, { pendingId: mark.confirm.pendingId }, { now: later }));
    expect(sharedStatusOn(store, CITIZENS.shared, '2025-06-05').shared).toBe(false);
    expect(sharedStatusOn(store, CITIZENS.shared, '2025-06-10').shared).toBe(true);
    const rows = store.db.prepare('SELECT shared, valid_from, valid_to, superseded_at IS NOT NULL AS superseded FROM shared_citizen_overrides ORDER BY override_id').all();
    expect(rows).toEqual([
      { shared: 0, valid_from: '2025-06-02', valid_to: null, superseded: 1 },
      { shared: 0, valid_from: '2025-06-02', valid_to: '2025-06-09', superseded: 0 },
      { shared: 1, valid_from: '2025-06-10', valid_to: null, superseded: 0 },
    ]);
  });

  it('lets only the specialist unit mark, and audits the refusal', async () => {
    const reply = textOf((await ask(store, chatRequest(PEOPLE.anna, `marker ${CITIZENS.bifOnly} fordi`))).replies[0]);
    expect(reply).toBe('Kun specialenheden kan markere eller afmarkere fællesborgere.');
    expect(auditRows(store)).toMatchObject([{ action: 'shared.marking.request', result: 'refused', actor_employee_id: PEOPLE.anna.id }]);
  });

  it.each([
    [`marker ${CITIZENS.bifOnly}`, 'Skriv en begrundelse efter CPR-nummeret'],
    ['marker', 'Skriv en begrundelse efter CPR-nummeret'],
    ['marker 310290-1234 fordi', 'er ikke en rigtig dato'],
    [`marker ${CITIZENS.unknown} fordi`, 'findes ikke i Brobygger'],
    [`marker ${CITIZENS.bifOnly} ${'x'.repeat(501)}`, 'højst have 500 tegn'],
  ])('"%s" is answered politely and changes nothing', async (text, expected) => {
    expect(textOf((await ask(store, chatRequest(PEOPLE.fatima, text))).replies[0])).toContain(expected);
    expect(store.db.prepare('SELECT count(*) FROM shared_citizen_overrides').pluck().get()).toBe(0);
  });

  it('cancel changes nothing', async () => {
    const card = await requestMarking(`marker ${CITIZENS.bifOnly} fordi`);
    const { replies } = await ask(store, press(PEOPLE.fatima, card.cancel.verb, { pendingId: card.cancel.pendingId }));
    expect(replies[0]).toMatchObject({ kind: 'replace-card', data: { text: 'Annulleret. Intet er ændret.' } });
    expect(store.db.prepare('SELECT count(*) FROM shared_citizen_overrides').pluck().get()).toBe(0);
  });

  describe('forged or tampered card actions', () => {
    it('a confirmation pressed twice is applied once', async () => {
      const card = await requestMarking(`marker ${CITIZENS.bifOnly} fordi`);
      await ask(store, press(PEOPLE.fatima, card.confirm.verb, { pendingId: card.confirm.pendingId }));
      const second = textOf((await ask(store, press(PEOPLE.fatima, card.confirm.verb, { pendingId: card.confirm.pendingId }))).replies[0]);
      expect(second).toContain('udløbet eller allerede besvaret');
      expect(store.db.prepare('SELECT count(*) FROM shared_citizen_overrides').pluck().get()).toBe(1);
    });

    it('a confirmation pressed by someone else, an expired one and an invented id change nothing', async () => {
      const card = await requestMarking(`marker ${CITIZENS.bifOnly} fordi`);
      expect(textOf((await ask(store, press(PEOPLE.anna, card.confirm.verb, { pendingId: card.confirm.pendingId }))).replies[0])).toContain('tilhører en anden bruger');
      const late = new Date('2025-06-02T11:00:00Z');
      expect(textOf((await ask(store, press(PEOPLE.fatima, card.confirm.verb, { pendingId: card.confirm.pendingId }, { now: late }))).replies[0])).toContain('udløbet');
      expect(textOf((await ask(store, press(PEOPLE.fatima, card.confirm.verb, { pendingId: '00000000-0000-4000-8000-000000000000' }))).replies[0])).toContain('udløbet');
      expect(store.db.prepare('SELECT count(*) FROM shared_citizen_overrides').pluck().get()).toBe(0);
    });

    it.each([
      ['an unknown verb', 'shared.deleteAll', { pendingId: '00000000-0000-4000-8000-000000000000' }, 'Den handling kender jeg ikke'],
      ['a missing id', 'sharedMarking.confirm', {}, 'Knappen sendte data, jeg ikke kan bruge'],
      ['a CPR instead of the id', 'sharedMarking.confirm', { pendingId: '0101901234' }, 'Knappen sendte data, jeg ikke kan bruge'],
      ['data that is not an object', 'sharedMarking.confirm', 'DROP TABLE', 'Knappen sendte data, jeg ikke kan bruge'],
    ])('%s is refused politely', async (_name, verb, data, expected) => {
      expect(textOf((await ask(store, press(PEOPLE.fatima, verb, data))).replies[0])).toContain(expected);
      expect(store.db.prepare('SELECT count(*) FROM shared_citizen_overrides').pluck().get()).toBe(0);
    });
  });
});
