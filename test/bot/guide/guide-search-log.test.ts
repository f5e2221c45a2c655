import { beforeEach, describe, expect, it } from 'vitest';
import { renderCard } from '../../../cards/render-card.js';
import type { Reply } from '../../../bot/chat/reply.js';
import { chatRoutes } from '../../../bot/compose/chat-routes.js';
import type { ChatRequest } from '../../../bot/chat/chat-request.js';
import type { Store } from '../../../data/store/store.js';
import { cardOf, chatRequest, handleChat, silentLog, textOf } from '../../support/chat.js';
import { GUIDE_WORLD_CSV } from '../../support/guide-world.js';
import { rawSql, sqlColumn, sqlRows, sqlRun } from '../../support/raw-sql.js';
import { PEOPLE, worldStore } from '../../support/world.js';

const NOW = new Date('2025-06-02T10:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

type Person = { aadObjectId: string | null };

/** Every press and message through the real route table, with a retention period of 30 days. */
async function say(store: Store, user: Person, text: string, overrides: Partial<ChatRequest> = {}) {
  if (user.aadObjectId) await store.greetedUsers.markGreeted(user.aadObjectId, new Date(0));
  return handleChat(chatRequest(user, text, overrides), { store, log: silentLog }, chatRoutes({ guideSearchLogDays: 30 }));
}

const press = (store: Store, user: Person, verb: string, data: Record<string, unknown>, overrides: Partial<ChatRequest> = {}) => say(store, user, '', { cardAction: { verb, data }, ...overrides });

/** The data of a rendered button, as Teams would send it back. */
function buttons(reply: Reply | undefined): { title: string; verb: string; data: Record<string, unknown> }[] {
  const rendered = JSON.stringify(renderCard('guide-results', cardOf(reply, 'guide-results')));
  const found: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  JSON.parse(rendered, (_key, value) => {
    if (value && value.type === 'Action.Execute') found.push({ title: value.title, verb: value.verb, data: value.data });
    return value;
  });
  return found;
}

const searches = (store: Store) => sqlRows(store, 'SELECT source, query, query_folded, administration, hits FROM guide_searches ORDER BY search_id');
const shown = (store: Store) => sqlRows(store, 'SELECT search_id, entry_id, position, opened_at FROM guide_search_results ORDER BY search_id, position');

const columnsOf = (store: Store, table: string) =>
  rawSql(store).dialect === 'sqlite'
    ? sqlColumn<string>(store, 'SELECT name FROM pragma_table_info(@table)', { table })
    : sqlColumn<string>(store, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table", { table });

/** Every insert into the search log fails from now on, as a full or broken disk would make it. */
async function breakTheLog(store: Store): Promise<void> {
  if (rawSql(store).dialect === 'sqlite') {
    await sqlRun(store, "CREATE TRIGGER guide_log_broken BEFORE INSERT ON guide_searches BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;");
    return;
  }
  await sqlRun(store, "CREATE FUNCTION guide_log_broken() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''could not write to file: No space left on device''; END'");
  await sqlRun(store, 'CREATE TRIGGER guide_log_broken BEFORE INSERT ON guide_searches FOR EACH ROW EXECUTE FUNCTION guide_log_broken()');
}

describe('the guide search log', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore(GUIDE_WORLD_CSV);
  });

  it.each([
    ['12.03.85-1127'],
    ['12/03/85 1127'],
    ['1203851127'],
    ['120385-1127'],
    ['120385 1127'],
    ['\uFF11\uFF12\uFF10\uFF13\uFF18\uFF15\uFF0D\uFF11\uFF11\uFF12\uFF17'],
    ['1203\u200B851127'],
    ['120385&ndash;1127'],
    ['320385-1127'], // not a plausible date, but a CPR spelling all the same
    ['120385'], // a birth date alone
    ['120385-11'],
  ])('stores "%s" and a person\'s name as placeholders, in the table and in the report', async (cpr) => {
    const { route } = await say(store, PEOPLE.anna, `vejviser misbrug ${cpr} hos Birte Prøvegaard`);
    expect(route).toBe('guide');
    expect(await searches(store)).toEqual([{ source: 'command', query: 'misbrug [CPR-nummer] hos [navn]', query_folded: 'misbrug [cpr-nummer] hos [navn]', administration: 'BIF', hits: expect.any(Number) }]);
    const everything = JSON.stringify(await sqlRows(store, 'SELECT * FROM guide_searches'));
    for (const part of ['1127', '0385', 'Birte', 'Prøvegaard', 'xxxx']) expect(everything).not.toContain(part);

    await say(store, PEOPLE.fatima, 'vejviser misbrug 0101901234 hos Birte Prøvegaard'); // opens nothing either
    const report = JSON.stringify(renderCard('guide-report', cardOf((await say(store, PEOPLE.fatima, 'vejviser rapport')).replies[0], 'guide-report')));
    expect(report).toContain('2 × misbrug [CPR-nummer] hos [navn]');
    for (const part of ['1127', '1234', 'Birte', 'xxxx']) expect(report).not.toContain(part);
  });

  it('keeps the words of the question otherwise, cut to 200 characters, and the fallback as its own source', async () => {
    await say(store, PEOPLE.mads, `hjemløse ${'a'.repeat(300)}`);
    const [row] = await searches(store);
    expect(row).toMatchObject({ source: 'fallback', administration: 'SOF', hits: 0 });
    expect((row!.query as string).length).toBe(200);
    expect(row!.query as string).toMatch(/^hjemløse a+$/);
  });

  it('records the asker\'s administration, never who asked: the specialist unit and a stranger are "other"', async () => {
    await say(store, PEOPLE.fatima, 'vejviser hotline');
    await say(store, PEOPLE.stranger, 'vejviser hotline');
    expect((await searches(store)).map((row) => row.administration)).toEqual(['other', 'other']);
    const columns = (await columnsOf(store, 'guide_searches')).join(' ');
    expect(columns).toContain('query_folded');
    expect(columns).not.toMatch(/employee|user|aad|asker|conversation/);
  });

  it('"Vis hele" answers the full entry card and marks that entry of that search opened; "Vis flere" is no opening', async () => {
    const { replies } = await say(store, PEOPLE.anna, 'vejviser behandling hotline handleplan linie');
    const [first, second, third, more] = buttons(replies[0]);
    expect([first, second, third].map((button) => button!.title)).toEqual(['Vis hele', 'Vis hele', 'Vis hele']);
    expect(more).toMatchObject({ title: 'Vis flere', verb: 'guide.more' });

    const pressedMore = await press(store, PEOPLE.anna, more!.verb, more!.data);
    expect(pressedMore.replies[0]).toMatchObject({ kind: 'replace-card', card: 'guide-results' });
    expect(await shown(store)).toHaveLength(4);
    expect((await shown(store)).every((row) => row.opened_at === null)).toBe(true);

    const opened = await press(store, PEOPLE.anna, second!.verb, second!.data);
    expect(opened.route).toBe('card-action');
    expect(textOf(opened.replies[0])).toBe(`Hele opslaget om "${(await store.guide.findById(second!.data.entryId as string, '2025-06-02'))!.title}" står herunder.`);
    const entry = cardOf(opened.replies[1], 'guide-entry');
    expect(entry.id).toBe(second!.data.entryId);
    expect(entry.body).toBe((await store.guide.findById(second!.data.entryId as string, '2025-06-02'))!.body);
    expect((await shown(store)).filter((row) => row.opened_at !== null)).toEqual([{ search_id: 1, entry_id: second!.data.entryId, position: 2, opened_at: NOW.toISOString() }]);

    // A forged pair (an entry the search never showed) answers the card but marks nothing.
    await press(store, PEOPLE.anna, 'guide.open', { entryId: 'yds-enkeltydelser', asOf: '2025-06-02', searchId: 1 });
    expect((await shown(store)).filter((row) => row.opened_at !== null)).toHaveLength(1);
  });

  it('"Vis hele" on an entry no longer in force says so; bad button data gets the polite answer', async () => {
    expect(textOf((await press(store, PEOPLE.anna, 'guide.open', { entryId: 'esy-enkeltydelser', asOf: '2025-06-02', searchId: '' })).replies[0])).toBe('Opslaget findes ikke længere i vejviseren.');
    for (const data of [{ entryId: '', asOf: '2025-06-02' }, { entryId: 'hotline', asOf: 'i går' }, { entryId: 'hotline', asOf: '2025-06-02', searchId: '01' }]) {
      expect(textOf((await press(store, PEOPLE.anna, 'guide.open', data)).replies[0])).toMatch(/^Knappen/);
    }
  });

  it('counts searches with no result and searches whose answers were never opened, grouped by folded text', async () => {
    await say(store, PEOPLE.anna, 'vejviser Kvantefysik');
    await say(store, PEOPLE.mads, 'vejviser  kvantefysik ');
    await say(store, PEOPLE.anna, 'vejviser hotline');
    const { replies } = await say(store, PEOPLE.anna, 'vejviser Hotline');
    await say(store, PEOPLE.anna, 'vejviser misbrug');
    const open = buttons(replies[0])[0]!;
    await press(store, PEOPLE.anna, open.verb, open.data);

    const data = cardOf((await say(store, PEOPLE.fatima, 'vejviser rapport 7')).replies[0], 'guide-report');
    expect(data.facts).toEqual([
      { title: 'Søgninger', value: '5' },
      { title: 'Uden resultat', value: '2 (40\u00a0%)' },
      { title: 'Med resultat, men intet svar åbnet', value: '2' },
      { title: 'Spurgt fra', value: 'BIF 4 · SOF 1 · andre 0' },
    ]);
    expect(data.sections.map((section: { items: { text: string }[] }) => section.items.map((item) => item.text))).toEqual([
      ['2 × Kvantefysik'],
      ['1 × hotline', '1 × misbrug'],
      ['1 × Hotline til BIF for SOF-medarbejdere'],
    ]);
    expect(data.title).toBe('Vejviserens søgninger – de seneste 7 dage');
    expect(data.footnote).toContain('kontaktknap');
  });

  it('deletes searches older than the retention period as it writes, with what they showed', async () => {
    await say(store, PEOPLE.anna, 'vejviser hotline', { now: new Date(NOW.getTime() - 31 * DAY_MS) });
    await say(store, PEOPLE.anna, 'vejviser misbrug', { now: new Date(NOW.getTime() - 29 * DAY_MS) });
    expect(await searches(store)).toHaveLength(2);
    await say(store, PEOPLE.anna, 'vejviser handleplan');
    expect((await searches(store)).map((row) => row.query)).toEqual(['misbrug', 'handleplan']);
    expect((await shown(store)).map((row) => row.entry_id)).toEqual(['rusmiddel', 'handleplan']);
  });

  it('answers the question when the log cannot be written', async () => {
    await breakTheLog(store);
    const { route, replies } = await say(store, PEOPLE.anna, 'vejviser behandling hotline handleplan linie');
    expect(route).toBe('guide');
    const [open, , , more] = buttons(replies[0]);
    expect(open!.data.searchId).toBe('');
    expect(cardOf((await press(store, PEOPLE.anna, open!.verb, open!.data)).replies[1], 'guide-entry').id).toBe(open!.data.entryId);
    expect(cardOf((await press(store, PEOPLE.anna, more!.verb, more!.data)).replies[0], 'guide-results').results).toHaveLength(4);
    expect(textOf((await say(store, PEOPLE.anna, 'vejviser kvantefysik')).replies[0])).toContain('Jeg fandt intet i vejviseren');
    expect(await searches(store)).toEqual([]);
  });
});

describe('vejviser rapport: who may see it', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore(GUIDE_WORLD_CSV);
  });

  it.each([
    ['a caseworker', PEOPLE.anna],
    ['a manager', PEOPLE.lene],
    ['someone not registered', PEOPLE.stranger],
  ])('%s is refused politely, in Danish, and the words are not searched', async (_who, person) => {
    const { route, replies } = await say(store, person, 'vejviser rapport');
    expect(route).toBe('guide-report');
    expect(textOf(replies[0])).toBe('Rapporten over vejviserens søgninger er for specialenheden. Mangler du noget i vejviseren, så skriv til specialenheden.');
    expect(await searches(store)).toEqual([]);
  });

  it('the specialist unit gets it in 1:1 chat, in English as "guide report 14 days", and not in a channel', async () => {
    const english = await say(store, PEOPLE.fatima, 'guide report 14 days', { locale: 'en' });
    expect(cardOf(english.replies[0], 'guide-report').title).toBe("The guide's searches – the last 14 days");
    const channel = await say(store, PEOPLE.fatima, 'vejviser rapport', { scope: 'channel', conversationId: '19:spec@thread.tacv2' });
    expect(textOf(channel.replies[0])).toContain('1:1-chat');
  });

  it.each([
    ['vejviser rapport 0', '"0" er ikke et antal dage. Skriv fx "vejviser rapport 30" (1–365 dage).'],
    ['vejviser rapport 366', '"366" er ikke et antal dage. Skriv fx "vejviser rapport 30" (1–365 dage).'],
    ['vejviser rapport tre', '"tre" er ikke et antal dage. Skriv fx "vejviser rapport 30" (1–365 dage).'],
    ['vejviser rapport 0101901234', '"010190-xxxx" er ikke et antal dage. Skriv fx "vejviser rapport 30" (1–365 dage).'],
  ])('"%s" is answered: %s', async (message, answer) => {
    expect(textOf((await say(store, PEOPLE.fatima, message)).replies[0])).toBe(answer);
  });

  it('an empty period says so in every section', async () => {
    const data = cardOf((await say(store, PEOPLE.fatima, 'vejviser rapport')).replies[0], 'guide-report');
    expect(data.facts[1]).toEqual({ title: 'Uden resultat', value: '0' });
    expect(data.sections.map((section: { empty: string | null }) => section.empty)).toEqual(['Ingen.', 'Ingen.', 'Ingen.']);
    expect(data.footnote).toContain('Søgninger slettes efter 30 dage.');
  });
});
