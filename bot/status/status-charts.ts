import type { Locale } from '../chat/chat-request.js';
import type { Month } from './month.js';
import type { PublishedFigures } from './publish-figures.js';

/**
 * Chart data for the status card's Teams charts (Chart.Line, Chart.VerticalBar).
 *
 * Teams draws a chart's x axis from the string x values in the order it first meets them, series after series, and
 * a point's y must be a number (no null). So a suppressed month is left out of its series, and a series with a
 * suppressed month inside is split into runs of consecutive months: the line stops at the gap instead of being drawn
 * across it. The runs are ordered by their first month, which makes the months appear on the axis in calendar order
 * (a month enters the axis only from a run that starts at or before it, and every such run comes before any run that
 * starts after it). Each run of one measure has the same legend and colour.
 *
 * Teams formats the axis and point numbers itself, in the client's language ("6.5"), with no format property, so the
 * charts get whole numbers only: counts, and rates as whole percentages. The exact figures, with a decimal comma,
 * are in the card's facts and table.
 */

const SHORT_MONTHS: Record<Locale, readonly string[]> = {
  da: ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

export type ChartPoint = { x: string; y: number };
export type ChartLine = { legend: string; color: string; values: ChartPoint[] };
export type LineMeasure = { legend: string; color: string; value: (figures: PublishedFigures) => number | null };

/**
 * The x-axis labels, short enough for 12 months side by side: `okt.`, with the two-digit year on the first month and
 * on every January (`nov. 24`, `dec.`, `jan. 25`, …), so a range across a new year reads right.
 */
export function chartMonthLabel(month: Month, isFirst: boolean, locale: Locale): string {
  const name = SHORT_MONTHS[locale][Number(month.slice(5, 7)) - 1]!;
  return isFirst || month.endsWith('-01') ? `${name} ${month.slice(2, 4)}` : name;
}

/** A rate (fraction) as a whole percentage for a chart: 0.714 → 71; a suppressed rate stays null. */
export const wholePercent = (fraction: number | null) => (fraction === null ? null : Math.round(fraction * 100));

/** The line chart's series: each measure cut into runs of consecutive months with a value, runs by first month. */
export function lineChartData(series: readonly PublishedFigures[], measures: readonly LineMeasure[], locale: Locale): ChartLine[] {
  const hasValue = (figures: PublishedFigures) => measures.some((measure) => measure.value(figures) !== null);
  const label = labeller(series, hasValue, locale);
  const runs: { start: number; line: ChartLine }[] = [];
  for (const measure of measures) {
    let current: ChartLine | null = null;
    for (const [index, figures] of series.entries()) {
      const value = measure.value(figures);
      if (value === null) {
        current = null;
        continue;
      }
      if (current === null) {
        current = { legend: measure.legend, color: measure.color, values: [] };
        runs.push({ start: index, line: current });
      }
      current.values.push({ x: label(figures.month), y: value });
    }
  }
  return runs.sort((a, b) => a.start - b.start).map((run) => run.line);
}

/** The bar chart's points: a month without a value has no bar rather than a false zero. */
export function barChartData(series: readonly PublishedFigures[], value: (figures: PublishedFigures) => number | null, locale: Locale): ChartPoint[] {
  const label = labeller(series, (figures) => value(figures) !== null, locale);
  return series.flatMap((figures) => {
    const found = value(figures);
    return found === null ? [] : [{ x: label(figures.month), y: found }];
  });
}

/** One label per month for a whole chart (its series must agree), the year on the chart's first month shown. */
function labeller(series: readonly PublishedFigures[], shown: (figures: PublishedFigures) => boolean, locale: Locale) {
  const first = series.find(shown)?.month;
  return (month: Month) => chartMonthLabel(month, month === first, locale);
}
