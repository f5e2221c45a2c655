import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../data/store/store.js';
import { renderCard } from '../../../cards/render-card.js';
import type { Reply } from '../../../bot/chat/reply.js';
import { ask, cardOf, chatRequest } from '../../support/chat.js';
import { PEOPLE, WORLD_CSV, worldStore } from '../../support/world.js';

const ADMIN = { id: 'E-ADAM', aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000a1', name: 'Adam Admin' };
const HELP_WORLD_CSV = {
  ...WORLD_CSV,
  'employees.csv': `${WORLD_CSV['employees.csv']}${ADMIN.id},${ADMIN.name},adam.admin@kk.dk,${ADMIN.aadObjectId},,SPEC,admin,2024-01-01,\n`,
};

const TITLES = {
  lookup: 'Find borgerens sagsbehandler',
  asOf: 'Pr. en bestemt dato',
  alerts: 'Advis i teamets kanal',
  hotline: 'Hotline til BIF (SOF-medarbejdere)',
  mark: 'Fællesborgermarkering (specialenheden)',
  sampleCheck: 'Stikprøve (specialenheden)',
  status: 'Status på strategiens mål (ledere og specialenheden)',
  hotlineAgent: 'Din vagt på hotlinen',
  announcements: 'Meddelelser (specialenheden og administratorer)',
  guideReport: 'Hvad der søges i vejviseren (specialenheden og administratorer)',
  admin: 'Administration',
  guide: 'Vejviser til den anden forvaltning',
  privacy: 'Persondata',
};

/** The texts of every TextBlock in a rendered card, as the client gets them. */
function textBlocks(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textBlocks);
  if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const own = record.type === 'TextBlock' && typeof record.text === 'string' ? [record.text] : [];
    return [...own, ...Object.values(record).flatMap(textBlocks)];
  }
  return [];
}

describe('the help card', () => {
  let store: Store;
  beforeAll(async () => {
    store = await worldStore(HELP_WORLD_CSV);
  });
  const helpFor = async (user: { aadObjectId: string | null }) => {
    const { route, replies } = await ask(store, chatRequest(user, 'hjælp'));
    expect(route).toBe('help');
    return replies[0] as Reply;
  };
  const titlesFor = async (user: { aadObjectId: string | null }) => cardOf(await helpFor(user), 'help').sections.map((s: any) => s.title);

  it.each([
    ['a BIF caseworker', PEOPLE.anna, ['lookup', 'asOf', 'guide', 'privacy']],
    ['an SOF caseworker', PEOPLE.mads, ['lookup', 'asOf', 'alerts', 'hotline', 'guide', 'privacy']],
    ['a specialist', PEOPLE.fatima, ['lookup', 'asOf', 'alerts', 'mark', 'sampleCheck', 'status', 'announcements', 'guideReport', 'guide', 'privacy']],
    ['a manager', PEOPLE.lene, ['status', 'guide']],
    ['a hotline agent', PEOPLE.hanne, ['hotlineAgent', 'guide']],
    ['an admin', ADMIN, ['announcements', 'guideReport', 'admin', 'guide']],
    ['someone who is not an employee (the general help)', PEOPLE.stranger, ['lookup', 'asOf', 'alerts', 'hotline', 'guide', 'privacy']],
  ] as const)('shows %s the commands of their own roles, the everyday ones first', async (_, user, expected) => {
    expect(await titlesFor(user)).toEqual(expected.map((key) => TITLES[key]));
  });

  it('gives guide examples from the other administration: BIF topics to an SOF caseworker, SOF topics to a BIF caseworker', async () => {
    const guideText = async (user: { aadObjectId: string | null }) => cardOf(await helpFor(user), 'help').sections.find((s: any) => s.title === TITLES.guide).text;
    expect(await guideText(PEOPLE.mads)).toContain('"vejviser enkeltydelser" eller bare "hvem tager sig af unge ledige"');
    expect(await guideText(PEOPLE.anna)).toContain('"vejviser misbrug" eller bare "hvem tager sig af hjemløse"');
  });

  it('keeps the placeholders of commands when rendered: nothing a Teams client would take for an HTML tag', async () => {
    const texts = [ADMIN, PEOPLE.fatima, PEOPLE.hanne].map(async (user) => {
      const reply = await helpFor(user);
      return reply.kind === 'card' ? textBlocks(renderCard(reply.card, reply.data)) : [];
    });
    const all = (await Promise.all(texts)).flat().join('\n');
    expect(all).toContain('"marker 010190-1234 ‹begrundelse›"');
    expect(all).toContain('"@Brobygger tilknyt ‹enheds-id›" i en kanal');
    expect(all).toContain('"advis gensend ‹nr›" eller "advis gensend alle"');
    expect(all).toContain('"stikprøve 5" i 1:1-chat');
    expect(all).toContain('"meddelelse ‹nr›"');
    expect(all).toContain('"vejviser rapport ‹dage›"');
    expect(all).not.toMatch(/<[^>\s][^>]*>/);
  });

  it('gives the English help the same shape', async () => {
    const { replies } = await ask(store, chatRequest(ADMIN, 'help', { locale: 'en' }));
    expect(cardOf(replies[0], 'help').sections.map((s: any) => s.title)).toEqual([
      'Announcements (specialist unit and administrators)',
      'What is searched in the guide (specialist unit and administrators)',
      'Administration',
      'Guide to the other administration',
    ]);
    expect(JSON.stringify(cardOf(replies[0], 'help'))).toContain('alerts resend ‹no.›');
    expect(JSON.stringify(cardOf(replies[0], 'help'))).toContain('guide report ‹days›');
  });
});
