import type { AskerAdministration, QueryCount } from '../../data/repositories/guide-searches.js';
import type { Store } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import { card, type Reply } from '../chat/reply.js';
import { copenhagenDate, type IsoDate } from '../../domain/dates/iso-date.js';
import { formatDate } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';

export const DEFAULT_REPORT_DAYS = 30;
export const MAX_REPORT_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the guide was asked over the last `days` days: what the card and `npm run guide:report` show. */
export type GuideSearchSummary = {
  days: number;
  from: IsoDate;
  to: IsoDate;
  searches: number;
  withoutResult: number;
  /** Share of the searches that found nothing, 0–1; null when there were no searches. */
  withoutResultShare: number | null;
  notOpened: number;
  byAdministration: Record<AskerAdministration, number>;
  topWithoutResult: QueryCount[];
  topNotOpened: QueryCount[];
  mostOpened: { entryId: string; title: string; opened: number }[];
};

export async function guideSearchSummary(store: Pick<Store, 'guide' | 'guideSearches'>, days: number, now: Date): Promise<GuideSearchSummary> {
  const from = new Date(now.getTime() - days * DAY_MS);
  const report = await store.guideSearches.report(from, now);
  const today = copenhagenDate(now);
  const mostOpened: GuideSearchSummary['mostOpened'] = [];
  for (const { entryId, opened } of report.mostOpened) mostOpened.push({ entryId, title: (await store.guide.findById(entryId, today))?.title ?? entryId, opened });
  return {
    days,
    from: copenhagenDate(from),
    to: today,
    searches: report.searches,
    withoutResult: report.withoutResult,
    withoutResultShare: report.searches === 0 ? null : report.withoutResult / report.searches,
    notOpened: report.notOpened,
    byAdministration: report.byAdministration,
    topWithoutResult: report.topWithoutResult,
    topNotOpened: report.topNotOpened,
    mostOpened,
  };
}

const percent: Record<Locale, Intl.NumberFormat> = {
  da: new Intl.NumberFormat('da-DK', { style: 'percent', maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 }),
};

/** The report as lines of text, in the order the card shows them (the CLI prints these). */
export function guideReportSections(summary: GuideSearchSummary, locale: Locale, retentionDays: number | null) {
  const m = messages(locale).guideSearches;
  const share = summary.withoutResultShare === null ? '' : ` (${percent[locale].format(summary.withoutResultShare)})`;
  const { BIF, SOF, other } = summary.byAdministration;
  const list = (rows: { text: string; count: number }[]) => rows.map((row) => ({ text: m.item(row.count, row.text) }));
  return {
    title: m.reportTitle(summary.days),
    period: m.period(formatDate(summary.from, locale), formatDate(summary.to, locale)),
    facts: [
      { title: m.searches, value: String(summary.searches) },
      { title: m.withoutResult, value: `${summary.withoutResult}${share}` },
      { title: m.notOpened, value: String(summary.notOpened) },
      { title: m.byAdministration, value: m.administrations(BIF, SOF, other) },
    ],
    sections: [
      { heading: m.topWithoutResult, items: list(summary.topWithoutResult.map((row) => ({ text: row.query, count: row.searches }))) },
      { heading: m.topNotOpened, items: list(summary.topNotOpened.map((row) => ({ text: row.query, count: row.searches }))) },
      { heading: m.mostOpened, items: list(summary.mostOpened.map((row) => ({ text: row.title, count: row.opened }))) },
    ].map((section) => ({ ...section, empty: section.items.length === 0 ? m.none : null })),
    footnote: retentionDays === null ? m.footnote : `${m.footnote} ${m.retention(retentionDays)}`,
  };
}

export function guideReportCard(summary: GuideSearchSummary, locale: Locale, retentionDays: number): Reply {
  return card('guide-report', { lang: locale, ...guideReportSections(summary, locale, retentionDays) });
}
