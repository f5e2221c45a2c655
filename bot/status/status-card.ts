import type { Repositories } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import { card, type Reply } from '../chat/reply.js';
import { messages } from '../i18n/messages.js';
import { formatMonth, formatMonthName, formatMonthShort, formatPeriod, parseMonth, yearOf } from './month.js';
import { publishFigures, type PublishedFigures } from './publish-figures.js';
import { barChartData, LINE_MONTHS, lineChartData, PERCENT_AXIS, wholePercent } from './status-charts.js';
import { statusSeries } from './status-figures.js';

const counts: Record<Locale, Intl.NumberFormat> = { da: new Intl.NumberFormat('da-DK'), en: new Intl.NumberFormat('en-GB') };
const percents: Record<Locale, Intl.NumberFormat> = {
  da: new Intl.NumberFormat('da-DK', { style: 'percent', maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }),
};

/**
 * The status card (cards/status.json) for a month: the month's figures against the year's targets, and the last
 * 6 (activation rate) and 12 months (shared citizens) as charts. Exported for the monthly post to the specialist
 * unit's channel as well as the chat command.
 *
 * Teams draws charts with its own elements (Chart.Line, Chart.HorizontalBar, …), which are not in Adaptive Card 1.5:
 * the official schema lists the element types allowed in a body, so it refuses any Chart.* element, wherever it
 * sits (inside a Container, or with `requires`). Adaptive Cards' own rule for an element a host does not know is its
 * `fallback` (since 1.2), so each chart carries one: the rate chart falls back to a plain 1.5 table of every series,
 * and the bar chart to a line saying its numbers are in that table. A chart's own title is not drawn (the Playground
 * shows none): the rate chart's axis title names its period, and the bar chart has a TextBlock heading. Clients
 * without charts render exactly that 1.5 card, and that card is what the tests validate against the official schema
 * (test/schemas/load-schemas.ts).
 */
export async function statusReply(store: Repositories, month: string, locale: Locale): Promise<Reply> {
  const parsed = parseMonth(month);
  if (!parsed) throw new RangeError(`statusReply: "${month}" is not a month written YYYY-MM`);
  return statusCard((await statusSeries(store, parsed)).map(publishFigures), locale);
}

/** Fills the card from the published (already suppressed) figures; the latest month is the month shown. */
export function statusCard(figures: readonly PublishedFigures[], locale: Locale): Reply {
  const m = messages(locale).status;
  const series = [...figures].sort((a, b) => a.month.localeCompare(b.month));
  const current = series.at(-1)!;
  const lineMonths = series.slice(-LINE_MONTHS);
  const linePeriod = formatPeriod(lineMonths[0]!.month, current.month, locale);
  const count = (value: number | null) => (value === null ? m.small : counts[locale].format(value));
  const percent = (value: number | null) => (value === null ? m.small : percents[locale].format(value));
  const target = (value: string | null, shown: string) => (value === null ? `${shown} · ${m.noTarget}` : m.withTarget(shown, value));
  const month = formatMonth(current.month, locale);
  const offers = count(current.actionPlansOfferedYtd);
  return card('status', {
    lang: locale,
    title: m.title(month),
    intro: m.intro,
    facts: [
      { title: m.sharedCitizens(month), value: count(current.sharedCitizens) },
      {
        title: m.offers(yearOf(current.month), formatMonthName(current.month, locale)),
        value: current.actionPlanTarget === null ? `${offers} · ${m.noTarget}` : m.ofTarget(offers, counts[locale].format(current.actionPlanTarget)),
      },
      { title: m.processNotes, value: current.processNotesYtd === null ? m.small : m.share(count(current.processNotesYtd), percent(current.processNoteShare)) },
      { title: m.activationRate(month), value: target(current.activationTarget === null ? null : percent(current.activationTarget), percent(current.activationRate)) },
    ],
    rateChart: {
      title: m.rateChartTitle(linePeriod),
      xAxisTitle: m.monthAxis(linePeriod),
      yAxisTitle: m.percentAxis,
      ...PERCENT_AXIS,
      series: lineChartData(
        lineMonths,
        [
          { legend: m.rateLegend, color: 'categoricalBlue', value: (figures) => wholePercent(figures.activationRate) },
          { legend: m.targetLegend, color: 'categoricalMarigold', value: (figures) => wholePercent(figures.activationTarget) },
        ],
        locale,
      ),
    },
    sharedChart: {
      title: m.sharedChartTitle(formatPeriod(series[0]!.month, current.month, locale)),
      inTable: m.sharedInTable,
      values: barChartData(series, (figures) => figures.sharedCitizens, locale),
    },
    table: {
      title: m.tableTitle,
      columns: m.columns,
      rows: series.map((figures) => ({
        month: formatMonthShort(figures.month, locale),
        shared: count(figures.sharedCitizens),
        offers: count(figures.actionPlansOfferedYtd),
        rate: percent(figures.activationRate),
      })),
    },
    definitions: m.definitions,
  });
}
