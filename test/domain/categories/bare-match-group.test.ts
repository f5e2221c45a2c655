import { describe, expect, it } from 'vitest';
import { readBareMatchGroup, resolveMatchGroup } from '../../../domain/categories/bare-match-group.js';
import type { IsoDate } from '../../../domain/dates/iso-date.js';

const resolve = (raw: string, validFrom: string) => {
  const bare = readBareMatchGroup(raw);
  return bare === null ? null : resolveMatchGroup(bare, validFrom as IsoDate);
};

describe('BIF match groups written as bare numbers', () => {
  it.each([
    ['4', '2024-01-01', 'gammel_match_4'],
    ['5', '2008-06-01', 'gammel_match_5'],
    ['matchgruppe 4', '2012-03-01', 'gammel_match_4'],
    ['match 5', '2019-01-01', 'gammel_match_5'],
    ['mg 4', '2009-01-01', 'gammel_match_4'],
    ['MG4', '2015-01-01', 'gammel_match_4'],
    ['Match-gruppe 5', '2010-04-01', 'gammel_match_5'],
    ['1', '2010-03-31', 'gammel_match_1'],
    ['2', '2009-12-01', 'gammel_match_2'],
    ['matchgruppe 3', '2001-01-01', 'gammel_match_3'],
    ['1', '2010-04-01', 'ny_match_1'],
    [' 2 ', '2010-04-02', 'ny_match_2'],
    ['match 3', '2016-05-01', 'ny_match_3'],
    ['mg 2', '2025-01-01', 'ny_match_2'],
  ])('reads "%s" on a case from %s as %s', (raw, validFrom, expected) => {
    expect(resolve(raw, validFrom)).toBe(expected);
  });

  it.each(['0', '6', '12', '4.5', 'match', 'gruppe 4', 'match 4 5', 'jobparat', ''])('does not read "%s" as a match group', (raw) => {
    expect(readBareMatchGroup(raw)).toBeNull();
  });
});
