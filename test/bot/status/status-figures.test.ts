import { beforeAll, describe, expect, it } from 'vitest';
import type { Month } from '../../../bot/status/month.js';
import { publishFigures } from '../../../bot/status/publish-figures.js';
import { statusFigures, statusSeries } from '../../../bot/status/status-figures.js';
import type { Store } from '../../../data/store/store.js';
import { DEMO_CSV } from '../../support/demo-world.js';
import { markStatusWorld, STATUS_WORLD_CSV } from '../../support/status-world.js';
import { worldStore } from '../../support/world.js';

/*
 * The caseload is described in test/support/status-world.ts (c1 … c14). A citizen is shared on a day when an open
 * BIF case in aktivitetsparat / ny match 2–3 / gammel 4–5 and an open SOF case are both in force that day, or the
 * specialist unit's marking in force that day says so. The activation group is the shared citizens who, on a day
 * they are shared, have a BIF case in ny match 2 / gammel 4 / aktivitetsparat.
 *
 * October 2025 (1–31 October):
 *   shared:  c1 c2 c3 c4 c6 c11 (all month); c5 (SOF until the 10th); c12 (SOF from the 31st); c7 (marked from the
 *            20th) = 9. Not: c8 (marked not shared), c9 (BIF ended 30 Sep), c10 (BIF from 1 Nov), c13 (no SOF),
 *            c14 (BIF until the 9th and SOF from the 20th: both in October, never on the same day).
 *   group:   c1 c2 c3 c5 c6 (aktivitetsparat from the 15th: entered mid-month) c11 c12 = 7. Not c4 (ny match 3),
 *            c7 (jobparat).
 *   activated in the group: c1 (to 5 Oct), c3 (31 Oct only), c5 (from 20 Oct, after leaving the shared citizens:
 *            the period still overlaps the month), c11 (ongoing since June), c12 (1 Oct only) = 5. Not c2 (from
 *            1 Nov), c6 (none). Rate 5 / 7 = 0.714285…
 *   offers 2025-01-01 … 2025-10-31: 1 Jan c2, 10 Feb c3 (declined), 5 Mar c4, 20 May c5 (declined), 1 Jul c6
 *            (declined), 1 Aug c2, 30 Sep c11, 15 Oct c1 (declined), 31 Oct c12 (declined) = 9, of them 5 process
 *            notes; c1's offer of 15 Dec 2024 is last year's, c7's of 1 Nov is next month's.
 *   targets in force on 31 Oct 2025: 12 offers, 60 %.
 *
 * September 2025: shared c1 c2 c3 c4 c5 c6 (ny match 3: shared, not in the group) c9 (BIF to 30 Sep) c11 = 8;
 *   group c1 c2 c3 c5 c9 c11 = 6; activated c1 (from 15 Sep) c11 = 2 → the rate is suppressed (2 < 5).
 *   Offers to 30 Sep: 1 Jan, 10 Feb, 5 Mar, 20 May, 1 Jul, 1 Aug, 30 Sep = 7, declined 10 Feb, 20 May, 1 Jul = 3.
 *
 * January 2026 (a new year): shared c1 c2 c3 c4 c6 c7 (marking open-ended) c10 c11 c12 = 9; group c1 c2 c3 c6 c10
 *   c11 c12 = 7; activated c2 (from 1 Nov, ongoing) c11 = 2. Offers from 1 Jan 2026: only c9's on 5 Jan, declined
 *   = 1 offer, 1 process note. Targets: 20 offers, 62.5 %.
 */
describe('status figures, against a hand-checked caseload', () => {
  let store: Store;
  beforeAll(async () => {
    store = await worldStore(STATUS_WORLD_CSV);
    await markStatusWorld(store);
  });
  const figures = (month: string) => statusFigures(store, month as Month);

  it('October 2025: people entering and leaving the match group and the shared citizens mid-month count for the month', async () => {
    expect(await figures('2025-10')).toEqual({
      month: '2025-10',
      sharedCitizens: 9,
      activationGroup: 7,
      activatedInGroup: 5,
      actionPlansOfferedYtd: 9,
      processNotesYtd: 5,
      actionPlanTarget: 12,
      activationTargetPercent: 60,
    });
  });

  it('September 2025', async () => {
    expect(await figures('2025-09')).toMatchObject({ sharedCitizens: 8, activationGroup: 6, activatedInGroup: 2, actionPlansOfferedYtd: 7, processNotesYtd: 3 });
  });

  it('January 2026: the year to date starts again on 1 January, and the 2026 targets apply', async () => {
    expect(await figures('2026-01')).toEqual({
      month: '2026-01',
      sharedCitizens: 9,
      activationGroup: 7,
      activatedInGroup: 2,
      actionPlansOfferedYtd: 1,
      processNotesYtd: 1,
      actionPlanTarget: 20,
      activationTargetPercent: 62.5,
    });
  });

  it('December 2025 counts offers up to and including the 31st (c7 on 1 Nov, c10 on 31 Dec: 9 + 2 = 11)', async () => {
    expect(await figures('2025-12')).toMatchObject({ actionPlansOfferedYtd: 11, processNotesYtd: 5 });
  });

  it('a marking as not shared takes c8 out although the cases say shared; a marking as shared brings c7 in', async () => {
    // Without the markings October has c8 (aktivitetsparat + SOF, activation from 1 Oct) and not c7 (jobparat):
    // shared 9 − c7 + c8 = 9, group 7 + c8 = 8, activated 5 + c8 = 6. September: 8 + c8 = 9 shared, 6 + c8 = 7 in the group.
    const unmarked = await worldStore(STATUS_WORLD_CSV);
    expect(await statusFigures(unmarked, '2025-10' as Month)).toMatchObject({ sharedCitizens: 9, activationGroup: 8, activatedInGroup: 6 });
    expect(await statusFigures(unmarked, '2025-09' as Month)).toMatchObject({ sharedCitizens: 9, activationGroup: 7, activatedInGroup: 2 });
    expect(await figures('2025-10')).toMatchObject({ sharedCitizens: 9, activationGroup: 7, activatedInGroup: 5 });
  });

  it('the series is the 12 months up to the month, oldest first, each counted like a single month', async () => {
    const series = await statusSeries(store, '2025-10' as Month);
    expect(series.map((month) => month.month)).toEqual([
      '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10',
    ]);
    expect(series.at(-1)).toEqual(await figures('2025-10'));
    expect(series.at(-2)).toEqual(await figures('2025-09'));
    // November 2024: no SOF case began before 2025, so nobody was shared; c1's offer of 15 Dec 2024 is December's.
    expect(series[0]).toMatchObject({ sharedCitizens: 0, actionPlansOfferedYtd: 0, actionPlanTarget: 1500, activationTargetPercent: 50 });
    expect(series[1]).toMatchObject({ actionPlansOfferedYtd: 1, processNotesYtd: 0 });
  });

  describe('targets: the one in force on the month’s last day; the latest stays in force', () => {
    it.each([
      ['2008-12', null, null],
      ['2009-06', 1000, 40],
      ['2010-12', 1000, 40],
      ['2011-01', 1500, 50],
      ['2024-12', 1500, 50],
      ['2025-01', 12, 60],
      ['2026-01', 20, 62.5],
      ['2031-07', 20, 62.5],
    ])('%s: %s offers, %s %%', async (month, offers, rate) => {
      expect(await store.goalStatus.targetOn('action_plan_offers', `${month}-28`)).toBe(offers);
      expect(await store.goalStatus.targetOn('activation_rate', `${month}-28`)).toBe(rate);
    });
  });
});

describe('publishing: small counts are suppressed', () => {
  const base = { month: '2025-10' as Month, sharedCitizens: 9, activationGroup: 7, activatedInGroup: 5, actionPlansOfferedYtd: 9, processNotesYtd: 5, actionPlanTarget: 12, activationTargetPercent: 60 };

  it('shows every figure of 5 or more, with rates and targets as fractions', () => {
    expect(publishFigures(base)).toEqual({
      month: '2025-10',
      sharedCitizens: 9,
      actionPlansOfferedYtd: 9,
      processNotesYtd: 5,
      processNoteShare: 5 / 9,
      activationRate: 5 / 7,
      actionPlanTarget: 12,
      activationTarget: 0.6,
      suppressed: [],
    });
  });

  it('hides a count of 4, and a rate whose numerator or denominator is 4, naming each', () => {
    expect(publishFigures({ ...base, sharedCitizens: 4 })).toMatchObject({ sharedCitizens: null, suppressed: ['sharedCitizens'] });
    expect(publishFigures({ ...base, processNotesYtd: 4 })).toMatchObject({ processNotesYtd: null, processNoteShare: null, suppressed: ['processNotesYtd', 'processNoteShare'] });
    expect(publishFigures({ ...base, activatedInGroup: 4 })).toMatchObject({ activationRate: null, suppressed: ['activationRate'] });
    expect(publishFigures({ ...base, activationGroup: 4, activatedInGroup: 4 })).toMatchObject({ activationRate: null, suppressed: ['activationRate'] });
    expect(publishFigures({ ...base, sharedCitizens: 0, actionPlansOfferedYtd: 0, processNotesYtd: 0 }).suppressed).toEqual(['sharedCitizens', 'actionPlansOfferedYtd', 'processNotesYtd', 'processNoteShare']);
  });

  it('never hides a target, and leaves a missing one null without calling it suppressed', () => {
    expect(publishFigures({ ...base, actionPlanTarget: 3, activationTargetPercent: null })).toMatchObject({ actionPlanTarget: 3, activationTarget: null, suppressed: [] });
  });
});

describe('the demo data', () => {
  it('gives October 2026 the figures data/demo/DEMO.md promises', async () => {
    const store = await worldStore(DEMO_CSV, new Date('2026-11-23T10:00:00Z'));
    expect(await statusFigures(store, '2026-10' as Month)).toEqual({
      month: '2026-10',
      sharedCitizens: 26,
      activationGroup: 24,
      activatedInGroup: 12,
      actionPlansOfferedYtd: 18,
      processNotesYtd: 5,
      actionPlanTarget: 24,
      activationTargetPercent: 50,
    });
    expect(publishFigures(await statusFigures(store, '2026-02' as Month)).suppressed).toEqual(['actionPlansOfferedYtd', 'processNotesYtd', 'processNoteShare']);
  });
});
