import type { Locator } from 'playwright-core';
import { messages } from '../../bot/i18n/messages.js';

const help = messages('da').help;
const SECTION_TITLES = Object.entries(help)
  .filter(([key]) => key.endsWith('Title'))
  .map(([, title]) => title as string);

/** The help card's section titles as shown, in order. */
export async function helpSectionsShown(card: Locator): Promise<string[]> {
  const lines = (await card.innerText()).split('\n').map((line) => line.trim());
  return lines.filter((line) => SECTION_TITLES.includes(line));
}

/** Commands that belong to one role only: no one else's help card may show them. */
export const ROLE_COMMANDS = {
  admin: /tilknyt|hvidliste|advis fejlet|advis gensend/,
  hotlineAgent: /hotline optaget|hotline fri|hotline tilgængelig/,
  specialist: /marker 010190/,
  announcer: /"meddelelse"/,
  guideReport: /"vejviser rapport"/,
  status: /"status"/,
  lookup: /hvem har \d{6}-\d{4}/,
};
