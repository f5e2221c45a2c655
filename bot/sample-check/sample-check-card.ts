import type { OpenCase } from '../../data/repositories/cases.js';
import type { ActionPlanOffer, AlertCounts } from '../../data/repositories/sample-check-reads.js';
import type { Locale } from '../i18n/locale.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { formatDate } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { SIDES } from '../lookup/citizen-overview.js';

/** What the sample check knows of one citizen; `withheldSides` are the sides consent does not let the asker see. */
export type SampledCitizen = {
  cpr: string;
  name: string;
  cases: OpenCase[];
  offers: ActionPlanOffer[];
  alerts: AlertCounts;
  consentText: string;
  withheldSides: readonly string[];
};

type Fact = { title: string; value: string };

/** One citizen's part of the card, and the fields it shows (for the audit row; never the values). */
export function sampledCitizenView(citizen: SampledCitizen, locale: Locale): { data: Record<string, unknown>; shown: string[] } {
  const m = messages(locale).sampleCheck;
  const date = (iso: string) => formatDate(iso, locale);
  const shown = ['name', 'consent'];
  const facts: Fact[] = [{ title: m.consent, value: citizen.consentText }];
  for (const side of SIDES) {
    if (citizen.withheldSides.includes(side)) {
      facts.push({ title: side, value: m.withheld });
      continue;
    }
    const cases = citizen.cases.filter((c) => c.administration === side);
    if (cases.length > 0) shown.push(`${side}.unit`, `${side}.caseworker`);
    facts.push({ title: side, value: cases.length === 0 ? m.noCase : cases.map((c) => `${c.unitName ?? c.unitId} (${c.caseworkerName ?? m.noCaseworker})`).join('; ') });
  }
  // Whether a plan was offered, a green line agreed or an alert sent all tell of both sides' cases.
  if (citizen.withheldSides.length > 0) {
    for (const title of [m.actionPlan, m.processNote, m.greenLine, m.alerts]) facts.push({ title, value: m.withheld });
  } else {
    const latest = citizen.offers[0];
    const declined = citizen.offers.find((offer) => offer.outcome === 'declined');
    const caseworkers = (side: string) => citizen.cases.filter((c) => c.administration === side && c.caseworkerName).map((c) => c.caseworkerName!).join(', ');
    const [bif, sof] = [caseworkers('BIF'), caseworkers('SOF')];
    const greenLine = citizen.cases.some((c) => c.greenLine) && bif !== '' && sof !== '';
    facts.push(
      { title: m.actionPlan, value: latest ? m.offered(date(latest.offeredOn), latest.outcome === 'accepted') : m.notOffered },
      { title: m.processNote, value: declined ? m.processNoteOn(date(declined.offeredOn)) : m.none },
      { title: m.greenLine, value: greenLine ? m.greenLineBetween(bif, sof) : m.none },
      { title: m.alerts, value: citizen.alerts.open > 0 ? m.openAlerts(citizen.alerts.open, citizen.alerts.unclaimed) : m.noOpenAlerts },
    );
    shown.push('action_plan', 'process_note', 'green_line', 'alerts');
  }
  return {
    data: { heading: `${citizen.name} · ${maskCpr(citizen.cpr)}`, facts },
    shown,
  };
}

export function sampleCheckCardData(citizens: Record<string, unknown>[], sharedToday: number, today: string, locale: Locale): Record<string, unknown> {
  const m = messages(locale).sampleCheck;
  return { lang: locale, title: m.title(citizens.length, sharedToday), intro: m.intro(formatDate(today, locale)), citizens, privacyNote: m.privacyNote };
}
