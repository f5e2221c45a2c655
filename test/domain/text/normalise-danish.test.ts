import { describe, expect, it } from 'vitest';
import { foldLetters, indexTerms, queryTerms, stem } from '../../../domain/text/normalise-danish.js';
import { editDistance, termVariants } from '../../../domain/text/term-variants.js';

describe('the Danish normaliser', () => {
  it('folds case, æ/ø/å and their two-letter spellings to one form, and drops other diacritics', () => {
    expect(foldLetters('Grøn Linie')).toBe(foldLetters('groen linie'));
    expect(foldLetters('Rådgivning')).toBe(foldLetters('raadgivning'));
    expect(foldLetters('TILLÆG')).toBe(foldLetters('tillaeg'));
    expect(foldLetters('Café Zoë')).toBe('cafe zoe');
    expect(foldLetters('Grøn Linie')).toBe('grøn linie');
  });

  it.each([
    ['handleplanerne', 'handleplan'],
    ['handleplaner', 'handleplan'],
    ['handleplanen', 'handleplan'],
    ['handleplan', 'handleplan'],
    ['misbrugeren', 'misbrug'],
    ['misbrugere', 'misbrug'],
    ['hjemløse', 'hjemløs'],
    ['hjemloese', 'hjemløs'],
    ['hjemløs', 'hjemløs'],
    ['ydelsernes', 'ydels'],
    ['ydelser', 'ydels'],
    ['behandleren', 'behandl'],
  ])('stems %s to the same term as its base form', (word, expected) => {
    expect(stem(foldLetters(word))).toBe(expected);
  });

  it('leaves words of three letters alone (Snowball cuts only after the third letter)', () => {
    expect(stem('ips')).toBe('ips');
    expect(stem('kui')).toBe('kui');
    expect(stem('unge')).toBe('ung');
  });

  it('stems as Snowball Danish does, agent nouns to their verb ("borgerne" → "borg", "behandler" → "behandl")', () => {
    expect(['borger', 'borgere', 'borgerne', 'borgeren'].map(stem)).toEqual(['borg', 'borg', 'borg', 'borg']);
    expect(stem('behandler')).toBe('behandl');
    expect(stem('sagsbehandler')).toBe('sagsbehandl');
  });

  it('still widens Snowball\'s short stems by what was typed, not by the stem alone', () => {
    const vocabulary = ['borg', 'borgerrådgiv', 'borgerservic', 'sagsbehandl', 'behandl', 'handleplan'];
    expect(termVariants(stem('borgerne'), vocabulary, 'borgerne')).toEqual(new Map([['borg', 'exact']]));
    expect(termVariants(stem('borger'), vocabulary, 'borger')).toEqual(new Map([['borg', 'exact'], ['borgerrådgiv', 'prefix'], ['borgerservic', 'prefix']]));
    expect(termVariants(stem('behandler'), vocabulary, 'behandler')).toEqual(new Map([['behandl', 'exact'], ['sagsbehandl', 'compound']]));
    expect(termVariants(stem('handler'), vocabulary, 'handler').has('handleplan')).toBe(false);
  });

  it('drops question words from queries but indexes every word', () => {
    expect(queryTerms('Hvem tager sig af de hjemløse?')).toEqual(['tag', 'hjemløs']);
    expect(indexTerms('Hvem er det?')).toBe('hvem er det');
  });

  it('measures edit distance with swapped letters as one mistake', () => {
    expect(editDistance('reconect', 'reconnect')).toBe(1);
    expect(editDistance('hnadleplan', 'handleplan')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });

  it('widens a query term to prefixes, compounds and — only when nothing else matches — typos', () => {
    const vocabulary = ['handleplan', 'stofmisbrug', 'misbrug', 'reconnect', 'rusmiddel', 'behandling'];
    expect(termVariants('handlepl', vocabulary)).toEqual(new Map([['handleplan', 'prefix']]));
    expect(termVariants('misbrug', vocabulary)).toEqual(new Map([['misbrug', 'exact'], ['stofmisbrug', 'compound']]));
    expect(termVariants('rusmiddelbehandling', vocabulary)).toEqual(new Map([['rusmiddel', 'compound'], ['behandling', 'compound']]));
    expect(termVariants('reconect', vocabulary)).toEqual(new Map([['reconnect', 'typo']]));
    expect(termVariants('zzzz', vocabulary).size).toBe(0);
  });
});
