import type { IsoDate } from '../../domain/dates/iso-date.js';
import type { Store } from '../../data/store/store.js';
import { PEOPLE, WORLD_CSV } from './world.js';

/**
 * A small caseload for the strategy's goals, checked by hand (the expected figures are derived in
 * test/bot/status/status-figures.test.ts). Every citizen is born 1 January 1980; cN is 010180-10NN.
 * BIF cases are on Team Nord from 2024-01-01 unless said otherwise, SOF cases on RUS-TEAM-A from 2025-01-01.
 *
 *   c1  aktivitetsparat + SOF                          activation 2025-09-15 – 2025-10-05
 *   c2  ny_match_2 + SOF                               activation from 2025-11-01 (ongoing)
 *   c3  gammel_match_4 + SOF                           activation 2025-10-31 (one day)
 *   c4  ny_match_3 + SOF (shared, not match group 2)   activation October 2025
 *   c5  aktivitetsparat + SOF that ends 2025-10-10     activation from 2025-10-20 (ongoing)
 *   c6  ny_match_3 until 2025-10-14, then aktivitetsparat; SOF     no activation
 *   c7  jobparat + SOF (not shared by the rule); marked shared from 2025-10-20    activation Oct–Dec 2025
 *   c8  aktivitetsparat + SOF, marked NOT shared from 2025-01-01                activation from 2025-10-01
 *   c9  aktivitetsparat until 2025-09-30 + SOF        activation October 2025
 *   c10 aktivitetsparat from 2025-11-01 + SOF         no activation
 *   c11 aktivitetsparat + SOF                          activation from 2025-06-01 (ongoing)
 *   c12 aktivitetsparat + SOF from 2025-10-31          activation 2025-10-01 (one day)
 *   c13 ny_match_2, no SOF case (not shared)           activation from 2025-10-01
 *   c14 aktivitetsparat 2025-01-01 – 2025-10-09, SOF from 2025-10-20: both in October, never on the same day
 */
export const STATUS_CITIZENS = Object.fromEntries(
  Array.from({ length: 14 }, (_, index) => [`c${index + 1}`, `010180${String(1001 + index)}`]),
) as Record<`c${number}`, string>;

const cpr = (n: number) => `010180-${String(1000 + n)}`;
const bif = (n: number, category: string, from = '2024-01-01', to = '') => `${cpr(n)},BIF,JC-UDSAT-NORD,${PEOPLE.anna.id},${category},nej,${from},${to}`;
const sof = (n: number, from = '2025-01-01', to = '') => `${cpr(n)},SOF,RUS-TEAM-A,${PEOPLE.mads.id},misbrug,nej,${from},${to}`;

export const STATUS_WORLD_CSV: Record<string, string> = {
  'units.csv': WORLD_CSV['units.csv'],
  'employees.csv': WORLD_CSV['employees.csv'],
  'citizens.csv': ['cpr,name', ...Array.from({ length: 14 }, (_, index) => `${cpr(index + 1)},Borger ${index + 1}`), ''].join('\n'),
  'cases.csv': [
    'cpr,administration,unit_id,caseworker_id,category,green_line,valid_from,valid_to',
    bif(1, 'aktivitetsparat'),
    sof(1),
    bif(2, 'ny_match_2'),
    sof(2),
    bif(3, 'gammel_match_4'),
    sof(3),
    bif(4, 'ny_match_3'),
    sof(4),
    bif(5, 'aktivitetsparat'),
    sof(5, '2025-01-01', '2025-10-10'),
    bif(6, 'ny_match_3', '2024-01-01', '2025-10-14'),
    bif(6, 'aktivitetsparat', '2025-10-15'),
    sof(6),
    bif(7, 'jobparat'),
    sof(7),
    bif(8, 'aktivitetsparat'),
    sof(8),
    bif(9, 'aktivitetsparat', '2024-01-01', '2025-09-30'),
    sof(9),
    bif(10, 'aktivitetsparat', '2025-11-01'),
    sof(10),
    bif(11, 'aktivitetsparat'),
    sof(11),
    bif(12, 'aktivitetsparat'),
    sof(12, '2025-10-31'),
    bif(13, 'ny_match_2'),
    bif(14, 'aktivitetsparat', '2025-01-01', '2025-10-09'),
    sof(14, '2025-10-20'),
    '',
  ].join('\n'),
  // 2025 YTD at the end of October: lines 3–11 (9 offers), of them declined lines 4, 6, 7, 9, 10 (5 process notes).
  'action_plans.csv': [
    'cpr,offered_date,outcome,completed_date',
    `${cpr(1)},2024-12-15,accepted,2025-01-10`,
    `${cpr(2)},2025-01-01,accepted,`,
    `${cpr(3)},2025-02-10,declined,`,
    `${cpr(4)},2025-03-05,accepted,2025-04-01`,
    `${cpr(5)},2025-05-20,declined,`,
    `${cpr(6)},2025-07-01,declined,`,
    `${cpr(11)},2025-09-30,accepted,`,
    `${cpr(2)},2025-08-01,accepted,`,
    `${cpr(12)},2025-10-31,declined,`,
    `${cpr(1)},2025-10-15,declined,`,
    `${cpr(7)},2025-11-01,accepted,`,
    `${cpr(10)},2025-12-31,accepted,`,
    `${cpr(9)},2026-01-05,declined,`,
    '',
  ].join('\n'),
  'activations.csv': [
    'cpr,from,to,type',
    `${cpr(1)},2025-09-15,2025-10-05,virksomhedspraktik`,
    `${cpr(2)},2025-11-01,,løntilskud`,
    `${cpr(3)},2025-10-31,2025-10-31,vejledning og opkvalificering`,
    `${cpr(4)},2025-10-01,2025-10-31,virksomhedspraktik`,
    `${cpr(5)},2025-10-20,,nytteindsats`,
    `${cpr(7)},2025-10-01,2025-12-31,virksomhedspraktik`,
    `${cpr(8)},2025-10-01,,løntilskud`,
    `${cpr(9)},2025-10-01,2025-10-31,vejledning og opkvalificering`,
    `${cpr(11)},2025-06-01,,løntilskud`,
    `${cpr(12)},2025-10-01,2025-10-01,vejledning og opkvalificering`,
    `${cpr(13)},2025-10-01,,virksomhedspraktik`,
    '',
  ].join('\n'),
  // The seeded 2009–2011 targets stay; the open-ended 2011 ones end where 2025 begins (the file no longer lists them).
  'goal_targets.csv': [
    'kind,valid_from,valid_to,value',
    'action_plan_offers,2025-01-01,2025-12-31,12',
    'action_plan_offers,2026-01-01,,20',
    'activation_rate,2025-01-01,2025-12-31,60',
    'activation_rate,2026-01-01,,"62,5"',
    '',
  ].join('\n'),
};

/** The specialist unit's markings (recorded in chat in real life): c7 shared from 2025-10-20, c8 not shared from 2025-01-01. */
export async function markStatusWorld(store: Store): Promise<void> {
  const mark = (citizen: string, shared: boolean, from: string) =>
    store.sharedOverrides.record({ cpr: citizen, shared, reason: 'aftalt på netværksmøde', byEmployeeId: PEOPLE.fatima.id, from: from as IsoDate, now: new Date(`${from}T10:00:00Z`) });
  await mark(STATUS_CITIZENS.c8!, false, '2025-01-01');
  await mark(STATUS_CITIZENS.c7!, true, '2025-10-20');
}
