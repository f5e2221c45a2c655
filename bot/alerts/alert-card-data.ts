import type { Alert } from '../../data/repositories/alerts.js';
import { baseConversationId } from '../../data/repositories/conversations.js';
import type { OpenCase } from '../../data/repositories/cases.js';
import type { Employee } from '../../data/repositories/employees.js';
import type { StoredEvent } from '../../data/repositories/events.js';
import type { Unit } from '../../data/repositories/units.js';
import type { Repositories } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import { categoryText } from '../categories/describe-category.js';
import { card, type Reply } from '../chat/reply.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { formatDate, formatDateTime, formatTime } from '../i18n/format-date.js';
import { messages, type Messages } from '../i18n/messages.js';
import { consentAllowsSharing, type ConsentLookup } from '../consent/consent-source.js';
import { consentState } from '../consent/consent-state.js';
import { describeConsent } from '../consent/describe-consent.js';
import { personContactActions, unitContactActions, type ContactAction } from '../contact/contact-actions.js';
import { formatPhone } from '../../domain/phone/normalise-phone.js';
import { sharedStatusOn } from '../citizen-status/shared-status.js';

type Fact = { title: string; value: string };
type PersonView = { heading: string; text: string; actions: ContactAction[] };

/**
 * The alert card as it should look now: what happened, to whom (name and masked CPR), who to call on each side,
 * and the claim state. Rendered when sent and on every update, so everyone sees the same current card. `consent` is
 * what the caller looked up (consentForAlert); without it, the consents imported from consents.csv.
 */
export async function alertCard(store: Repositories, alert: Alert, locale: Locale, options: { escalated?: boolean; resent?: boolean; notice?: string; consent?: ConsentLookup; consentRequired?: boolean; conversationId?: string | null } = {}): Promise<Reply> {
  const event = await store.events.find(alert.webhookId);
  if (!event || !event.cpr) throw new Error(`alert ${alert.id} has no event`);
  const m = messages(locale);
  const cpr = event.cpr;
  const today = copenhagenDate(new Date());
  const asOf = event.eventDate;
  const cases = await store.cases.openCasesOf(cpr, asOf);
  const bifCase = cases.find((c) => c.administration === 'BIF');
  const sofCase = cases.find((c) => c.administration === 'SOF' && (!alert.unitId || c.unitId === alert.unitId)) ?? cases.find((c) => c.administration === 'SOF');
  const reportedCaseworkerId = typeof event.data.bif_caseworker_id === 'string' ? event.data.bif_caseworker_id : null;
  const bifPerson = (reportedCaseworkerId ? await store.employees.findById(reportedCaseworkerId, today) : null) ?? await caseworkerOf(store, bifCase, today);
  const sofPerson = await caseworkerOf(store, sofCase, today);
  const consent = options.consent ?? consentState(await store.consents.currentRecords(cpr, 'bif_sof_sharing', today), asOf, today);
  const withheld = options.consentRequired && !consentAllowsSharing(consent) ? withheldSides(alert, options.conversationId ?? null) : [];
  const shared = (await sharedStatusOn(store, cpr, asOf)).shared;
  // Shared status and the green line tell of the other side's case: not shown while a side is withheld.
  const greenLine = withheld.length === 0 && cases.some((c) => c.greenLine);
  const name = await store.citizens.nameOf(cpr, asOf) ?? await store.citizens.nameOf(cpr, today) ?? '—';
  const open = alert.state === 'open';
  const person = async (side: 'BIF' | 'SOF', heading: string, employee: Employee | null) =>
    withheld.includes(side) ? entryPointView(heading, await store.units.entryPointsOf(side, today), m) : personView(heading, employee, m);

  return card('alert', {
    lang: locale,
    alertId: alert.id,
    heading: m.alerts.heading(formatDateTime(event.occurredAt, locale)),
    title: m.alerts.eventTitle[event.type] ?? event.type,
    citizen: m.alerts.citizen(name, maskCpr(cpr)),
    consent: describeConsent(consent, locale),
    badges:
      withheld.length > 0
        ? []
        : [{ text: shared ? m.alerts.sharedCitizen : m.alerts.notShared, style: shared ? 'accent' : 'default' }, ...(greenLine ? [{ text: m.alerts.greenLine, style: 'good' }] : [])],
    greenLine: greenLine ? m.alerts.greenLineText(bifPerson?.name ?? m.alerts.nobody, sofPerson?.name ?? m.alerts.nobody) : null,
    facts: eventFacts(event, m, locale, { hideCategories: withheld.includes('BIF') }),
    people: [await person('BIF', m.alerts.bifCaseworker, bifPerson), await person('SOF', m.alerts.sofCaseworker, sofPerson)],
    status: await statusText(store, alert, m, locale, today),
    statusStyle: alert.state === 'resolved' ? 'good' : alert.state === 'claimed' ? 'accent' : 'warning',
    escalation: options.escalated ? m.alerts.escalated(alert.unitId ? ((await store.units.findById(alert.unitId, today))?.name ?? alert.unitId) : m.alerts.unknownUnit) : null,
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

async function caseworkerOf(store: Repositories, openCase: OpenCase | undefined, today: string): Promise<Employee | null> {
  return openCase?.caseworkerId ? store.employees.findById(openCase.caseworkerId, today) : null;
}

function personView(heading: string, person: Employee | null, m: Messages): PersonView {
  if (!person) return { heading, text: m.alerts.nobody, actions: [] };
  const phone = person.phone ? ` · ${formatPhone(person.phone)}` : '';
  return { heading, text: `${m.alerts.person(person.name, person.unitName)}${phone}`, actions: personContactActions(person, m) };
}

/**
 * Whose side the conversation the card is shown in may not see without consent: the SOF team's channel the alert was
 * routed to sees SOF's own caseworker but not BIF's; any other conversation (the specialist unit's fallback channel,
 * an escalation, a manager's 1:1 chat, a re-routed post) sees neither, as in a lookup by the specialist unit.
 */
export function withheldSides(alert: Alert, conversationId: string | null): ('BIF' | 'SOF')[] {
  const teamChannel = (alert.routeReason === 'unit-channel' || alert.routeReason === 'ancestor-channel') && conversationId !== null && baseConversationId(conversationId) === alert.channelId;
  return teamChannel ? ['BIF'] : ['BIF', 'SOF'];
}

/** In place of a caseworker the channel may not see: that consent is missing, and the administration's entry point. */
function entryPointView(heading: string, entryPoints: readonly Unit[], m: Messages): PersonView {
  const unit = entryPoints[0];
  if (!unit) return { heading, text: m.alerts.consentMissingNoEntryPoint, actions: [] };
  const phone = unit.phone ? ` · ${formatPhone(unit.phone)}` : '';
  return { heading, text: m.alerts.consentMissing(`${unit.name}${phone}`), actions: unitContactActions(unit, m) };
}

function eventFacts(event: StoredEvent, m: Messages, locale: Locale, options: { hideCategories: boolean }): Fact[] {
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
  // A category change is BIF's category: not shown to a channel that may not see BIF's side.
  if (options.hideCategories && event.type === 'category.changed') {
    add(m.alerts.date, date(data.date));
    add(m.alerts.note, data.note);
    return facts;
  }
  const category = (value: string | undefined) => (value && event.type === 'category.changed' ? categoryText(value, m) : value);
  add(m.alerts.from, category(data.from));
  add(m.alerts.to, category(data.to));
  add(m.alerts.administration, data.administration);
  add(m.alerts.status, data.status);
  add(m.alerts.date, date(data.date));
  add(m.alerts.note, data.note);
  return facts;
}

async function statusText(store: Repositories, alert: Alert, m: Messages, locale: Locale, today: string): Promise<string> {
  const nameOf = async (id: string | null) => (id ? ((await store.employees.findById(id, today))?.name ?? id) : '—');
  if (alert.state === 'resolved') {
    const who = await nameOf(alert.resolvedBy);
    const time = formatTime(alert.resolvedAt!, locale);
    return alert.resolutionNote ? m.alerts.resolvedWithNote(who, time, alert.resolutionNote) : m.alerts.resolvedBy(who, time);
  }
  if (alert.state === 'claimed') return m.alerts.claimedBy(await nameOf(alert.claimedBy), formatTime(alert.claimedAt!, locale));
  return m.alerts.open;
}
