import { describe, expect, it } from 'vitest';
import { danishPublicHolidays, isClosedDay, municipalClosedDays } from '../../../domain/calendar/danish-holidays.js';

describe('Danish public holidays', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [1818, '1818-03-22'], // earliest possible Easter
    [1943, '1943-04-25'], // latest possible Easter
  ])('dates Easter %i on %s', (year, easter) => {
    expect(danishPublicHolidays(year).get(easter)).toBe('Påskedag');
  });

  it('lists all of 2026 in date order', () => {
    expect([...danishPublicHolidays(2026)]).toEqual([
      ['2026-01-01', 'Nytårsdag'],
      ['2026-04-02', 'Skærtorsdag'],
      ['2026-04-03', 'Langfredag'],
      ['2026-04-05', 'Påskedag'],
      ['2026-04-06', '2. påskedag'],
      ['2026-05-14', 'Kristi himmelfartsdag'],
      ['2026-05-24', 'Pinsedag'],
      ['2026-05-25', '2. pinsedag'],
      ['2026-12-25', 'Juledag'],
      ['2026-12-26', '2. juledag'],
    ]);
  });

  it('has Store bededag, the fourth Friday after Easter, until 2023 only', () => {
    expect(danishPublicHolidays(2023).get('2023-05-05')).toBe('Store bededag');
    expect(danishPublicHolidays(2023).size).toBe(11);
    for (const year of [2024, 2025, 2030]) {
      expect([...danishPublicHolidays(year).values()], String(year)).not.toContain('Store bededag');
      expect(danishPublicHolidays(year).size, String(year)).toBe(10);
    }
    expect(isClosedDay('2024-04-26')).toBeNull(); // where Store bededag would have been
  });
});

describe('municipal closed days', () => {
  it('adds Grundlovsdag, Juleaftensdag and Nytårsaftensdag to the public holidays', () => {
    const closed = municipalClosedDays(2026);
    expect(closed.size).toBe(13);
    for (const [date, name] of danishPublicHolidays(2026)) expect(closed.get(date)).toBe(name);
    expect(closed.get('2026-06-05')).toBe('Grundlovsdag');
    expect(closed.get('2026-12-24')).toBe('Juleaftensdag');
    expect(closed.get('2026-12-31')).toBe('Nytårsaftensdag');
    expect(danishPublicHolidays(2026).has('2026-06-05')).toBe(false);
  });

  it('keeps the public holiday name when Grundlovsdag falls on Whitsun', () => {
    expect(isClosedDay('2022-06-05')).toBe('Pinsedag');
    expect(municipalClosedDays(2022).size).toBe(13); // 11 public holidays (with Store bededag) + 3 agreed − 1 shared
  });

  it('names the closed day, or gives null on an ordinary day (weekends are the opening hours’ business)', () => {
    expect(isClosedDay('2026-05-14')).toBe('Kristi himmelfartsdag');
    expect(isClosedDay('2023-05-05')).toBe('Store bededag');
    expect(isClosedDay('2027-12-31')).toBe('Nytårsaftensdag');
    expect(isClosedDay('2026-05-15')).toBeNull();
    expect(isClosedDay('2026-11-22')).toBeNull(); // a Sunday
  });

  it('hands out a copy, so callers cannot change what isClosedDay sees', () => {
    const closed = municipalClosedDays(2028);
    closed.delete('2028-12-24');
    closed.set('2028-03-01', 'Made up');
    expect(isClosedDay('2028-12-24')).toBe('Juleaftensdag');
    expect(isClosedDay('2028-03-01')).toBeNull();
    expect(municipalClosedDays(2028).has('2028-12-24')).toBe(true);
  });
});
