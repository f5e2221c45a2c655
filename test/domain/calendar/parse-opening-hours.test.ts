import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../../../domain/calendar/opening-hours.js';

const ranges = (text: string) => {
  const parsed = parseOpeningHours(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value.ranges;
};

describe('parseOpeningHours', () => {
  it('reads the default', () => {
    expect(ranges(DEFAULT_OPENING_HOURS)).toEqual([{ days: [1, 2, 3, 4, 5], fromMinute: 480, toMinute: 960 }]);
  });

  it.each([
    ['Mon-Thu 08:00-15:30, Fri 08:00-14:00', [{ days: [1, 2, 3, 4], fromMinute: 480, toMinute: 930 }, { days: [5], fromMinute: 480, toMinute: 840 }]],
    ['Sat 10:00-12:00', [{ days: [6], fromMinute: 600, toMinute: 720 }]],
    ['Mon,Wed 09:00-24:00', [{ days: [1, 3], fromMinute: 540, toMinute: 1440 }]],
    ['Mon,Wed-Fri 08:00-12:00, Sun 00:00-24:00', [{ days: [1, 3, 4, 5], fromMinute: 480, toMinute: 720 }, { days: [7], fromMinute: 0, toMinute: 1440 }]],
    ['mon-FRI 8:00-16:00', [{ days: [1, 2, 3, 4, 5], fromMinute: 480, toMinute: 960 }]],
    ['  Mon - Fri  08:00 - 16:00 ', [{ days: [1, 2, 3, 4, 5], fromMinute: 480, toMinute: 960 }]],
    ['Tue-Tue 07:15-07:45', [{ days: [2], fromMinute: 435, toMinute: 465 }]],
  ])('reads %j', (text, expected) => {
    expect(ranges(text)).toEqual(expected);
  });

  it.each([
    ['', 'no opening hours given; write them like "Mon-Fri 08:00-16:00"'],
    ['Fri 16:00-08:00', '"Fri 16:00-08:00": the closing time must be after the opening time'],
    ['Mon 08:00-08:00', '"Mon 08:00-08:00": the closing time must be after the opening time'],
    ['Sun-Mon 08:00-16:00', '"Sun-Mon 08:00-16:00": day ranges must go forward from Mon to Sun, so write "Sun,Mon" instead of "Sun-Mon"'],
    ['Fri-Mon 08:00-16:00', '"Fri-Mon 08:00-16:00": day ranges must go forward from Mon to Sun, so write "Fri,Sat,Sun,Mon" instead of "Fri-Mon"'],
    ['Man-Fre 08:00-16:00', '"Man-Fre 08:00-16:00": "Man" is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun'],
    ['Mon-Fre 08:00-16:00', '"Mon-Fre 08:00-16:00": "Fre" is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun'],
    ['Monday 08:00-16:00', '"Monday 08:00-16:00": "Monday" is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun'],
    ['Mon-Wed-Fri 08:00-16:00', '"Mon-Wed-Fri 08:00-16:00": "Mon-Wed-Fri" is not a day or a range of days like "Mon-Fri"'],
    ['Mon 8-16', '"Mon 8-16": expected days followed by opening and closing times, like "Mon-Fri 08:00-16:00"'],
    ['Mon 08:00', '"Mon 08:00": expected days followed by opening and closing times, like "Mon-Fri 08:00-16:00"'],
    ['Mon 08:00-25:00', '"Mon 08:00-25:00": "25:00" is not a time of day; use 00:00 to 24:00'],
    ['Mon 08:60-16:00', '"Mon 08:60-16:00": "08:60" is not a time of day; use 00:00 to 24:00'],
    ['Mon 08:00-24:30', '"Mon 08:00-24:30": "24:30" is not a time of day; use 00:00 to 24:00'],
    ['Mon 24:00-24:00', '"Mon 24:00-24:00": 24:00 can only be a closing time; open at 00:00 instead'],
    ['08:00-16:00', '"08:00-16:00": say which days these hours are for, like "Mon-Fri 08:00-16:00"'],
    ['Mon,Wed', '"Mon,Wed": the opening and closing times are missing, e.g. "Mon-Fri 08:00-16:00"'],
    ['Mon-Fri 08:00-12:00, Sat', '"Sat": the opening and closing times are missing, e.g. "Mon-Fri 08:00-16:00"'],
    ['Mon-Fri 08:00-16:00,', '"Mon-Fri 08:00-16:00,": there is an extra comma with nothing beside it; remove it'],
    [
      'Mon-Fri 08:00-12:00 13:00-16:00',
      '"Mon-Fri 08:00-12:00 13:00-16:00": one opening time per part; repeat the days for another, e.g. "Mon-Fri 08:00-12:00, Mon-Fri 13:00-16:00"',
    ],
  ])('refuses %j, saying what to fix', (text, problem) => {
    expect(parseOpeningHours(text)).toEqual({ ok: false, problem });
  });

  it('names only the bad part of a longer text', () => {
    expect(parseOpeningHours('Mon-Thu 08:00-15:30, Fri 16:00-08:00')).toEqual({
      ok: false,
      problem: '"Fri 16:00-08:00": the closing time must be after the opening time',
    });
  });
});
