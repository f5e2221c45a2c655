import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../cards/render-card.js';
import { monthsUpTo, type Month } from '../../../bot/status/month.js';
import type { PublishedFigures } from '../../../bot/status/publish-figures.js';
import { statusCard } from '../../../bot/status/status-card.js';
import { chartMonthLabel } from '../../../bot/status/status-charts.js';
import { cardOf } from '../../support/chat.js';

type Series = { legend: string; color: string; values: { x: string; y: number }[] };

/** November 2024 – October 2025, every figure shown unless `blank` names the month (YYYY-MM) for that figure. */
function year(blank: { rate?: string[]; target?: string[]; shared?: string[] } = {}): PublishedFigures[] {
  return monthsUpTo('2025-10' as Month, 12).map((month, index) => ({
    month,
    sharedCitizens: blank.shared?.includes(month) ? null : 5 + (index % 4),
    actionPlansOfferedYtd: 7,
    processNotesYtd: 5,
    processNoteShare: 5 / 7,
    activationRate: blank.rate?.includes(month) ? null : 0.5 + index / 100 + 0.0042,
    actionPlanTarget: 12,
    activationTarget: blank.target?.includes(month) ? null : 0.625,
    suppressed: [],
  }));
}

/** The months on the x axis as Teams draws it: every x value in the order it first meets them, series after series. */
const axis = (series: readonly Series[]) => [...new Set(series.flatMap((line) => line.values.map((point) => point.x)))];

const rateChartOf = (figures: PublishedFigures[], locale: 'da' | 'en' = 'da') => cardOf(statusCard(figures, locale), 'status').rateChart.series as Series[];

const DANISH_AXIS = ['nov. 24', 'dec.', 'jan. 25', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.'];

describe('the status card charts', () => {
  it('keeps the months in calendar order when the early months of the rate are suppressed, with the gap as a gap', () => {
    // The rate is suppressed from November to March and in July; the target is there every month.
    const series = rateChartOf(year({ rate: ['2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-07'] }));
    expect(axis(series)).toEqual(DANISH_AXIS);
    const rate = series.filter((line) => line.legend === 'Aktiveringsgrad');
    // Two pieces of line, April–June and August–October: nothing is drawn across July, nor from a false zero.
    expect(rate.map((line) => line.values.map((point) => point.x))).toEqual([
      ['apr.', 'maj', 'jun.'],
      ['aug.', 'sep.', 'okt.'],
    ]);
    expect(new Set(rate.map((line) => line.color)).size).toBe(1);
    expect(series.find((line) => line.legend === 'Mål')!.color).not.toBe(rate[0]!.color);
  });

  it('keeps calendar order when both series start late, whichever starts first', () => {
    // November has no point in either series: the axis starts in December, which then carries the year.
    const fromDecember = ['dec. 24', 'jan. 25', ...DANISH_AXIS.slice(3)];
    const late = ['2024-11', '2024-12', '2025-01', '2025-02'];
    expect(axis(rateChartOf(year({ rate: ['2024-11'], target: late })))).toEqual(fromDecember);
    expect(axis(rateChartOf(year({ rate: late, target: ['2024-11'] })))).toEqual(fromDecember);
  });

  it('labels months with short Danish names, the year on the first month and on January, and English in English', () => {
    expect(axis(rateChartOf(year()))).toEqual(DANISH_AXIS);
    expect(axis(rateChartOf(year(), 'en'))).toEqual(['Nov 24', 'Dec', 'Jan 25', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct']);
    expect(chartMonthLabel('2025-01' as Month, false, 'da')).toBe('jan. 25');
    expect(chartMonthLabel('2025-05' as Month, true, 'da')).toBe('maj 25');
  });

  it('shows whole numbers only: rates as whole percentages, counts as counts, no decimal point anywhere in a chart', () => {
    const figures = year({ shared: ['2025-01'] });
    const data = cardOf(statusCard(figures, 'da'), 'status');
    const lines = data.rateChart.series as Series[];
    expect(lines.find((line) => line.legend === 'Aktiveringsgrad')!.values.slice(0, 2)).toEqual([
      { x: 'nov. 24', y: 50 },
      { x: 'dec.', y: 51 },
    ]);
    expect(lines.find((line) => line.legend === 'Mål')!.values[0]).toEqual({ x: 'nov. 24', y: 63 });
    expect(data.sharedChart.values.map((point: { x: string }) => point.x)).toEqual(DANISH_AXIS.filter((month) => month !== 'jan. 25'));

    const card = renderCard('status', data) as unknown as { body: Record<string, unknown>[] };
    const charts = card.body.filter((element) => String(element.type).startsWith('Chart.'));
    expect(charts).toHaveLength(2);
    const numbers: unknown[] = [];
    const texts: string[] = [];
    JSON.stringify(charts.map(({ fallback: _table, ...chart }) => chart), (key, value) => {
      if (key === 'y') numbers.push(value);
      else if (typeof value === 'string') texts.push(value);
      return value;
    });
    expect(numbers.length).toBeGreaterThan(20);
    for (const y of numbers) expect(Number.isInteger(y), String(y)).toBe(true);
    for (const text of texts) expect(text).not.toMatch(/\d\.\d/);
  });

  it('orders the months however the figures come', () => {
    const figures = year({ rate: ['2024-11', '2024-12'] });
    expect(axis(rateChartOf([...figures].reverse()))).toEqual(DANISH_AXIS);
    const data = cardOf(statusCard([...figures].reverse(), 'da'), 'status');
    expect(data.title).toBe('Status på strategiens mål – oktober 2025');
    expect(data.table.rows.map((row: { month: string }) => row.month)).toEqual(['nov. 24', 'dec. 24', 'jan. 25', 'feb. 25', 'mar. 25', 'apr. 25', 'maj 25', 'jun. 25', 'jul. 25', 'aug. 25', 'sep. 25', 'okt. 25']);
  });
});
