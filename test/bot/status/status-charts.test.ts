import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../cards/render-card.js';
import type { PublishedFigures } from '../../../bot/status/publish-figures.js';
import { statusCard } from '../../../bot/status/status-card.js';
import { formatPeriod, monthsUpTo, type Month } from '../../../bot/status/month.js';
import { barMonthLabel, lineMonthLabel } from '../../../bot/status/status-charts.js';
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

/** The bar chart's labels for November 2024 – October 2025: the year on the first month and on January. */
const DANISH_BARS = ['nov. 24', 'dec.', 'jan. 25', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.'];
/** The line chart's: its last 6 months, the month name alone (the axis title holds the year). */
const DANISH_LINE = ['maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.'];

const sharedLabels = (figures: PublishedFigures[]) => cardOf(statusCard(figures, 'da'), 'status').sharedChart.values.map((point: { x: string }) => point.x);

describe('the status card charts', () => {
  it('keeps the months in calendar order when the early months of the rate are suppressed, with the gap as a gap', () => {
    // The rate is suppressed in May and in July; the target is there every month.
    const series = rateChartOf(year({ rate: ['2025-05', '2025-07'] }));
    expect(axis(series)).toEqual(DANISH_LINE);
    const rate = series.filter((line) => line.legend === 'Aktiveringsgrad');
    // Two pieces of line, June and August–October: nothing is drawn across July, nor from a false zero.
    expect(rate.map((line) => line.values.map((point) => point.x))).toEqual([['jun.'], ['aug.', 'sep.', 'okt.']]);
    expect(new Set(rate.map((line) => line.color)).size).toBe(1);
    expect(series.find((line) => line.legend === 'Mål')!.color).not.toBe(rate[0]!.color);
  });

  it('keeps calendar order when both series start late, whichever starts first', () => {
    // May has no point in either series: the axis starts in June.
    const late = ['2025-05', '2025-06', '2025-07'];
    expect(axis(rateChartOf(year({ rate: ['2025-05'], target: late })))).toEqual(DANISH_LINE.slice(1));
    expect(axis(rateChartOf(year({ rate: late, target: ['2025-05'] })))).toEqual(DANISH_LINE.slice(1));
  });

  it('draws the rate for the last 6 months only, so that each month\'s label fits under it, and names the period', () => {
    const data = cardOf(statusCard(year(), 'da'), 'status');
    expect(axis(data.rateChart.series)).toEqual(DANISH_LINE);
    expect(data.rateChart.xAxisTitle).toBe('Måned (maj – oktober 2025)');
    expect(data.sharedChart.title).toBe('Fællesborgere pr. måned, november 2024 – oktober 2025 (måneder under 5 vises ikke)');
    expect(formatPeriod('2025-05' as Month, '2025-10' as Month, 'en')).toBe('May – October 2025');
  });

  it('labels months with short Danish names, the bars with the year on the first month and on January, English in English', () => {
    expect(sharedLabels(year())).toEqual(DANISH_BARS);
    expect(axis(rateChartOf(year(), 'en'))).toEqual(['May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct']);
    expect(lineMonthLabel('2025-01' as Month, 'da')).toBe('jan.');
    expect(barMonthLabel('2025-05' as Month, true, 'da')).toBe('maj 25');
    // January suppressed: February is the new year's first bar, so it carries the year.
    expect(sharedLabels(year({ shared: ['2025-01'] }))).toEqual(['nov. 24', 'dec.', 'feb. 25', ...DANISH_BARS.slice(4)]);
  });

  it('fixes the rate chart\'s y axis at 0–100 %, whatever the figures, so Teams\' 4 steps are whole and tell nothing', () => {
    for (const figures of [year(), year({ rate: ['2025-10'] }), year({ rate: ['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10'] })]) {
      const chart = (renderCard('status', cardOf(statusCard(figures, 'da'), 'status')) as unknown as { body: Record<string, unknown>[] }).body.find(
        (element) => element.type === 'Chart.Line',
      )!;
      expect([chart.yMin, chart.yMax]).toEqual([0, 100]);
      // Teams' steps: (yMax - yMin) / 4.
      expect([1, 2, 3].map((step) => (step * ((chart.yMax as number) - (chart.yMin as number))) / 4)).toEqual([25, 50, 75]);
    }
  });

  it('shows whole numbers only: rates as whole percentages, counts as counts, no decimal point anywhere in a chart', () => {
    const figures = year({ shared: ['2025-01'] });
    const data = cardOf(statusCard(figures, 'da'), 'status');
    const lines = data.rateChart.series as Series[];
    expect(lines.find((line) => line.legend === 'Aktiveringsgrad')!.values.slice(0, 2)).toEqual([
      { x: 'maj', y: 56 },
      { x: 'jun.', y: 57 },
    ]);
    expect(lines.find((line) => line.legend === 'Mål')!.values[0]).toEqual({ x: 'maj', y: 63 });
    expect(data.sharedChart.values.map((point: { y: number }) => point.y)).toEqual([5, 6, 8, 5, 6, 7, 8, 5, 6, 7, 8]);

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
    const figures = year({ rate: ['2025-05', '2025-06'] });
    expect(axis(rateChartOf([...figures].reverse()))).toEqual(DANISH_LINE);
    expect(sharedLabels([...figures].reverse())).toEqual(DANISH_BARS);
    const data = cardOf(statusCard([...figures].reverse(), 'da'), 'status');
    expect(data.title).toBe('Status på strategiens mål – oktober 2025');
    expect(data.table.rows.map((row: { month: string }) => row.month)).toEqual(['nov. 24', 'dec. 24', 'jan. 25', 'feb. 25', 'mar. 25', 'apr. 25', 'maj 25', 'jun. 25', 'jul. 25', 'aug. 25', 'sep. 25', 'okt. 25']);
  });
});
