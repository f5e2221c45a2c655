import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Teams treats `<word>` in a message or TextBlock as markup and drops it, so placeholders are written ‹word›. */
const TAG_LIKE_PLACEHOLDER = /<(?!\/?at>)[a-zæøå][a-zæøå .-]*>/gi;

describe('placeholders in user-facing texts', () => {
  it.each(['bot/i18n/messages.da.ts', 'bot/i18n/messages.en.ts'])('%s writes them as ‹…›, never as <…>', (file) => {
    const source = readFileSync(file, 'utf8');
    expect(source.match(TAG_LIKE_PLACEHOLDER) ?? []).toEqual([]);
  });

  it('the check would catch the old spelling', () => {
    expect('Skriv "advis gensend <nr>" eller "@Brobygger tilknyt <enheds-id>"'.match(TAG_LIKE_PLACEHOLDER)).toEqual(['<nr>', '<enheds-id>']);
    expect('<at>Brobygger</at> hjælp'.match(TAG_LIKE_PLACEHOLDER)).toBeNull();
  });
});
