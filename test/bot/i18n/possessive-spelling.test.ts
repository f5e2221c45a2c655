import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

/** Where users read our text: the message catalogues, the card templates, the demo content and the README's examples. */
const USER_FACING = [
  'bot/i18n/messages.da.ts',
  'bot/i18n/messages.en.ts',
  'README.md',
  'data/demo/DEMO.md',
  ...readdirSync(join(ROOT, 'cards')).filter((name) => name.endsWith('.json')).map((name) => `cards/${name}`),
  ...readdirSync(join(ROOT, 'data/demo')).filter((name) => name.endsWith('.csv')).map((name) => `data/demo/${name}`),
];

// Retskrivningsordbogen: the genitive of an abbreviation takes an apostrophe ("FN's", "DSB's"), so "BIF's", not "BIFs" or "BIF’s".
const OTHER_POSSESSIVE = /\b(?:BIF|SOF|ESY|KK|FN|DSB)(?:s|[’´`]s)\b/g;

describe('one possessive spelling for abbreviations', () => {
  it('writes "BIF\'s" and "SOF\'s" everywhere users read it', () => {
    const found = USER_FACING.flatMap((path) =>
      readFileSync(join(ROOT, path), 'utf8')
        .split('\n')
        .flatMap((line, index) => [...line.matchAll(OTHER_POSSESSIVE)].map((match) => `${path}:${index + 1}: ${match[0]}`)),
    );
    expect(found).toEqual([]);
  });

  it('the check finds the other forms', () => {
    expect('BIFs hotline, SOF’s centre, BIF´s team'.match(OTHER_POSSESSIVE)).toEqual(['BIFs', 'SOF’s', 'BIF´s']);
    expect("BIF's hotline og SOF's centre".match(OTHER_POSSESSIVE)).toBeNull();
  });
});
