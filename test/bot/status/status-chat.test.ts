import { beforeAll, describe, expect, it } from 'vitest';
import { renderCard } from '../../../cards/render-card.js';
import type { Store } from '../../../data/store/store.js';
import { ask, cardOf, chatRequest, textOf } from '../../support/chat.js';
import { markStatusWorld, STATUS_CITIZENS, STATUS_WORLD_CSV } from '../../support/status-world.js';
import { PEOPLE, worldStore } from '../../support/world.js';
import { statusReply } from '../../../bot/status/status-card.js';

/** 10 February 2026: the last complete month is January 2026. */
const FEBRUARY = new Date('2026-02-10T10:00:00Z');

describe('"status" in chat', () => {
  let store: Store;
  beforeAll(async () => {
    store = await worldStore(STATUS_WORLD_CSV);
    await markStatusWorld(store);
  });
  const say = (user: { aadObjectId: string | null }, text: string, locale: 'da' | 'en' = 'da', scope: 'personal' | 'channel' = 'personal') =>
    ask(store, chatRequest(user, text, { now: FEBRUARY, locale, scope }));

  it.each([
    ['a caseworker', PEOPLE.anna],
    ['a hotline agent', PEOPLE.hanne],
    ['someone who is not an employee', PEOPLE.stranger],
  ])('politely refuses %s, without any figure', async (_, user) => {
    const { route, replies } = await say(user, 'status 2025-10');
    expect(route).toBe('status');
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0])).toBe('Status på strategiens mål er for ledere og specialenheden. Har du brug for tallene, så spørg din leder.');
  });

  it('refuses in English too', async () => {
    expect(textOf((await say(PEOPLE.anna, 'status', 'en')).replies[0])).toContain('is for managers and the specialist unit');
  });

  it('shows a manager the last complete month by default (January 2026), with small counts as "< 5"', async () => {
    // Danish percentages are written with a no-break space before %.
    const data = cardOf((await say(PEOPLE.lene, 'status')).replies[0], 'status');
    expect(data.title).toBe('Status på strategiens mål – januar 2026');
    expect(data.facts).toEqual([
      { title: 'Fællesborgere i januar 2026', value: '9' },
      { title: 'Tilbud om social handleplan 2026 (til og med januar)', value: '< 5 af årets mål på 20' },
      { title: 'Heraf procesnotater (borgeren sagde nej)', value: '< 5' },
      { title: 'Aktiveringsgrad i januar 2026 (ny matchgruppe 2 / aktivitetsparat)', value: '< 5 · mål 62,5\u00a0%' },
    ]);
  });

  it('shows a specialist the month asked for in words, with every figure of 5 or more', async () => {
    const { route, replies } = await say(PEOPLE.fatima, 'status oktober 2025');
    expect(route).toBe('status');
    const data = cardOf(replies[0], 'status');
    expect(data.facts.map((fact: { value: string }) => fact.value)).toEqual(['9', '9 af årets mål på 12', '5 (55,6\u00a0% af tilbuddene)', '71,4\u00a0% · mål 60\u00a0%']);
    // The last 12 months: November 2024 … October 2025; September's rate (2 of 6) is suppressed in the table and has
    // no point in the chart, October's is 71.4 % (71 in the chart, which shows whole percentages only). The target
    // runs through every month, so it comes first and the chart's months are in calendar order.
    expect(data.table.rows.map((row: { month: string }) => row.month)).toEqual(['nov. 24', 'dec. 24', 'jan. 25', 'feb. 25', 'mar. 25', 'apr. 25', 'maj 25', 'jun. 25', 'jul. 25', 'aug. 25', 'sep. 25', 'okt. 25']);
    expect(data.table.rows.at(-2)).toEqual({ month: 'sep. 25', shared: '8', offers: '7', rate: '< 5' });
    const [target, rate] = data.rateChart.series;
    expect(rate).toEqual({ legend: 'Aktiveringsgrad', color: 'categoricalBlue', values: [{ x: 'okt.', y: 71 }] });
    expect(target.legend).toBe('Mål');
    // The rate chart covers the last 6 months (May–October 2025); the shared citizens' bars all 12 that have 5 or more.
    expect(target.values).toEqual(['maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.'].map((x) => ({ x, y: 60 })));
    // November and December 2024 had fewer than 5 shared citizens: no bar, and January carries the year.
    expect(data.sharedChart.values.map((point: { x: string }) => point.x)).toEqual(['jan. 25', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.']);
  });

  it('answers in English with English month names and numbers', async () => {
    const data = cardOf((await say(PEOPLE.lene, 'status 2025-10', 'en')).replies[0], 'status');
    expect(data.title).toBe("Status of the strategy's goals – October 2025");
    expect(data.facts[3].value).toBe('71.4% · target 60%');
  });

  it('may be asked in a channel: the card holds counts only, no CPR number and no name', async () => {
    const { replies } = await say(PEOPLE.lene, 'status 2025-10', 'da', 'channel');
    const card = JSON.stringify(renderCard('status', cardOf(replies[0], 'status')));
    for (const cpr of Object.values(STATUS_CITIZENS)) expect(card).not.toContain(cpr.slice(0, 6));
    expect(card).not.toMatch(/Borger \d/);
  });

  it('explains a month that has not ended, and a month it cannot read', async () => {
    expect(textOf((await say(PEOPLE.lene, 'status 2026-02')).replies[0])).toBe('februar 2026 er ikke slut endnu. Den seneste hele måned er januar 2026; skriv "status" for at se den.');
    expect(textOf((await say(PEOPLE.lene, 'status 2025-13')).replies[0])).toBe('"2025-13" er ikke en måned, jeg kan læse. Skriv fx "status", "status 2025-10" eller "status oktober 2025".');
  });

  it('leaves "status på handleplaner" to the guide', async () => {
    expect((await say(PEOPLE.lene, 'status på handleplaner')).route).toBe('guide-fallback');
  });

  it('statusReply (for the monthly post) gives the same card as the command, and refuses a malformed month', async () => {
    expect(await statusReply(store, '2025-10', 'da')).toMatchObject({ kind: 'card', card: 'status' });
    await expect(statusReply(store, 'oktober', 'da')).rejects.toThrow(RangeError);
  });
});
