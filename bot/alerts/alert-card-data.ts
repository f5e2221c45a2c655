import type { Alert } from '../../data/repositories/alerts.js';
import type { OpenCase } from '../../data/repositories/cases.js';
import type { Employee } from '../../data/repositories/employees.js';
import type { StoredEvent } from '../../data/repositories/events.js';
import type { Store } from '../../data/store/store.js';
import type { Locale } from '../chat/chat-request.js';
import { categoryText } from '../categories/describe-category.js';
import { card, type Reply } from '../chat/reply.js';
import { maskCpr } from '../cpr/mask-cpr.js';
import { copenhagenDate } from '../dates/iso-date.js';
import { formatDate, formatDateTime, formatTime } from '../i18n/format-date.js';
import { messages, type Messages } from '../i18n/messages.js';
import { personContactActions, type ContactAction } from '../lookup/contact-actions.js';
import { formatPhone } from '../phone/normalise-phone.js';
import { sharedStatusOn } from '../shared-citizen/shared-status.js';

type Fact = { title: string; value: string };
type PersonView = { heading: string; text: string; actions: ContactAction[] };

/**
 * The alert card as it should look now: what happened, to whom (name and masked CPR), who to call on each side,
 * and the claim state. Rendered when sent and on every update, so everyone sees the same current card.
 */
export function alertCard(store: Store, alert: Alert, locale: Locale, options: { escalated?: boolean; resent?: boolean; notice?: string } = {}): Reply {
  const event = store.events.find(alert.webhookId);
  if (!event || !event.cpr) throw new Error(`alert ${alert.id} has no event`);
  const m = messages(locale);
  const cpr = event.cpr;
  const today = copenhagenDate(new Date());
  const asOf = event.eventDate;
  const cases = store.cases.openCasesOf(cpr, asOf);
  const bifCase = cases.find((c) => c.administration === 'BIF');
  const sofCase = cases.find((c) => c.administration === 'SOF' && (!alert.unitId || c.unitId === alert.unitId)) ?? cases.find((c) => c.administration === 'SOF');
  const reportedCaseworkerId = typeof event.data.bif_caseworker_id === 'string' ? event.data.bif_caseworker_id : null;
  const bifPerson = (reportedCaseworkerId ? store.employees.findById(reportedCaseworkerId, today) : null) ?? caseworkerOf(store, bifCase, today);
  const sofPerson = caseworkerOf(store, sofCase, today);
  const shared = sharedStatusOn(store, cpr, asOf).shared;
  const greenLine = cases.some((c) => c.greenLine);
  const name = store.citizens.nameOf(cpr, asOf) ?? store.citizens.nameOf(cpr, today) ?? '—';
  const open = alert.state === 'open';

  return card('alert', {
    lang: locale,
    alertId: alert.id,
    heading: m.alerts.heading(formatDateTime(event.occurredAt, locale)),
    title: m.alerts.eventTitle[event.type] ?? event.type,
    citizen: m.alerts.citizen(name, maskCpr(cpr)),
    badges: [
      { text: shared ? m.alerts.sharedCitizen : m.alerts.notShared, style: shared ? 'accent' : 'default' },
      ...(greenLine ? [{ text: m.alerts.greenLine, style: 'good' }] : []),
    ],
    greenLine: greenLine ? m.alerts.greenLineText(bifPerson?.name ?? m.alerts.nobody, sofPerson?.name ?? m.alerts.nobody) : null,
    facts: eventFacts(event, m, locale),
    people: [personView(m.alerts.bifCaseworker, bifPerson, m), personView(m.alerts.sofCaseworker, sofPerson, m)],
    status: statusText(store, alert, m, locale, today),
    statusStyle: alert.state === 'resolved' ? 'good' : alert.state === 'claimed' ? 'accent' : 'warning',
    escalation: options.escalated ? m.alerts.escalated(alert.unitId ? (store.units.findById(alert.unitId, today)?.name ?? alert.unitId) : m.alerts.unknownUnit) : null,
    resent: options.resent ? m.alerts.resent : null,
    notice: options.notice ?? null,
    noticeAudience: m.alerts.onlyForYou,
    canClaim: open,
    canResolve: alert.state !== 'resolved',
    claimTitle: m.alerts.claim,
    resolveTitle: m.alerts.resolve,
    showCitizenTitle: m.alerts.showCitizen,
    refreshTitle: m.alerts.refresh,
    noteLabel: m.alerts.noteLabel,
    notePlaceholder: m.alerts.notePlaceholder,
    privacyNote: m.alerts.privacyNote,
  });
}

function caseworkerOf(store: Store, openCase: OpenCase | undefined, today: string): Employee | null {
  return openCase?.caseworkerId ? store.employees.findById(openCase.caseworkerId, today) : null;
}

function personView(heading: string, person: Employee | null, m: Messages): PersonView {
  if (!person) return { heading, text: m.alerts.nobody, actions: [] };
  const phone = person.phone ? ` · ${formatPhone(person.phone)}` : '';
  return { heading, text: `${m.alerts.person(person.name, person.unitName)}${phone}`, actions: personContactActions(person, m) };
}

function eventFacts(event: StoredEvent, m: Messages, locale: Locale): Fact[] {
  const data = event.data as Record<string, string | undefined>;
  const facts: Fact[] = [];
  const add = (title: string, value: string | undefined) => {
    if (value) facts.push({ title, value });
  };
  const date = (value: string | undefined) => (value ? formatDate(value, locale) : undefined);
  add(m.alerts.benefit, data.benefit ? (m.alerts.benefits[data.benefit] ?? data.benefit) : undefined);
  add(m.alerts.stopDate, date(data.stop_date));
  add(m.alerts.resumeDate, date(data.resume_date));
  add(m.alerts.reason, data.reason ? (m.alerts.reasons[data.reason] ?? data.reason) : undefined);
  const category = (value: string | undefined) => (value && event.type === 'category.changed' ? categoryText(value, m) : value);
  add(m.alerts.from, category(data.from));
  add(m.alerts.to, category(data.to));
  add(m.alerts.administration, data.administration);
  add(m.alerts.status, data.status);
  add(m.alerts.date, date(data.date));
  add(m.alerts.note, data.note);
  return facts;
}

function statusText(store: Store, alert: Alert, m: Messages, locale: Locale, today: string): string {
  const nameOf = (id: string | null) => (id ? (store.employees.findById(id, today)?.name ?? id) : '—');
  if (alert.state === 'resolved') {
    const who = nameOf(alert.resolvedBy);
    const time = formatTime(alert.resolvedAt!, locale);
    return alert.resolutionNote ? m.alerts.resolvedWithNote(who, time, alert.resolutionNote) : m.alerts.resolvedBy(who, time);
  }
  if (alert.state === 'claimed') return m.alerts.claimedBy(nameOf(alert.claimedBy), formatTime(alert.claimedAt!, locale));
  return m.alerts.open;
}
