import type { Locale } from '../i18n/locale.js';
import type { Month } from './month.js';
import type { PublishedFigures } from './publish-figures.js';

/**
 * Chart data for the status card's Teams charts: a Chart.Line of the activation rate against its target, and a
 * Chart.HorizontalBar of the shared citizens per month.
 *
 * Teams draws a chart's x axis from the string x values in the order it first meets them, series after series, and
 * a point's y must be a number (no null). So a suppressed month is left out of its series, and a series with a
 * suppressed month inside is split into runs of consecutive months: the line stops at the gap instead of being drawn
 * across it. The runs are ordered by their first month, which makes the months appear on the axis in calendar order
 * (a month enters the axis only from a run that starts at or before it, and every such run comes before any run that
 * starts after it). Each run of one measure has the same legend and colour.
 *
 * Teams formats axis numbers itself, in English ("37.5"), with no format property: it puts 4 equal steps between
 * the y axis' minimum and maximum, and those are the data's own unless the chart gives `yMin` and `yMax`. So the
 * line chart fixes its axis at 0–100 % (steps 25, 50, 75: whole numbers, and a maximum that tells nothing about any
 * month), and the points are whole percentages. A vertical bar chart takes no maximum, so its steps would be the
 * largest count / 4 ("6.5"); the horizontal bar chart without an axis writes each month's whole count at its bar
 * instead, and gives every month a row of its own, with room for the year.
 *
 * The line chart gives each month 1/n of its width and cuts a label that does not fit ("n…"): in the Playground's
 * card (about 300 px of axis) 12 months leave 18 px for a label and `nov.` needs 24. So the line shows the last
 * LINE_MONTHS months, labelled with the month name alone, and its axis title names the period with the year. The
 * exact figures, with a decimal comma, are in the facts and, for clients without charts, the table.
 */

const SHORT_MONTHS: Record<Locale, readonly string[]> = {
  da: ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

export type ChartPoint = { x: string; y: number };
export type ChartLine = { legend: string; color: string; values: ChartPoint[] };
export type LineMeasure = { legend: string; color: string; value: (figures: PublishedFigures) => number | null };

/** The line chart's months: few enough that each month's label fits under it. */
export const LINE_MONTHS = 6;

/** The line chart's axis labels: the month name alone, `okt.` / `Oct` (the axis title holds the year). */
export const lineMonthLabel = (month: Month, locale: Locale): string => SHORT_MONTHS[locale][Number(month.slice(5, 7)) - 1]!;

/**
 * The bar chart's labels, one row each: `okt.`, with the two-digit year on the chart's first month and on the first
 * month shown of each new year (`nov. 24`, `dec.`, `jan. 25`, …), so a range across a new year reads right.
 */
export function barMonthLabel(month: Month, withYear: boolean, locale: Locale): string {
  const name = lineMonthLabel(month, locale);
  return withYear ? `${name} ${month.slice(2, 4)}` : name;
}

/** The rate chart's y axis: always 0–100 %, so Teams' 4 steps are 25, 50, 75 and the maximum reveals no figure. */
export const PERCENT_AXIS = { yMin: 0, yMax: 100 } as const;

/** A rate (fraction) as a whole percentage for a chart: 0.714 → 71; a suppressed rate stays null. */
export const wholePercent = (fraction: number | null) => (fraction === null ? null : Math.round(fraction * 100));

/** The line chart's series: each measure cut into runs of consecutive months with a value, runs by first month. */
export function lineChartData(series: readonly PublishedFigures[], measures: readonly LineMeasure[], locale: Locale): ChartLine[] {
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
      current.values.push({ x: lineMonthLabel(figures.month, locale), y: value });
    }
  }
  return runs.sort((a, b) => a.start - b.start).map((run) => run.line);
}

/**
 * The bar chart's points, oldest first: a month without a value has no bar rather than a false zero, and the year
 * goes on the first month that has one and on the first of each new year (January, or the month after a gap).
 */
export function barChartData(series: readonly PublishedFigures[], value: (figures: PublishedFigures) => number | null, locale: Locale): ChartPoint[] {
  let shownYear: string | null = null;
  return series.flatMap((figures) => {
    const found = value(figures);
    if (found === null) return [];
    const year = figures.month.slice(0, 4);
    const point = { x: barMonthLabel(figures.month, year !== shownYear, locale), y: found };
    shownYear = year;
    return [point];
  });
}
