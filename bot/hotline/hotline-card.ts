import { isBusyError } from '../../data/sql/store-busy.js';
import type { Store } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import { card, type Reply } from '../chat/reply.js';
import { isOpenAt, nextOpening } from '../../domain/calendar/opening-hours.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { formatOpening, formatTime } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { personContactActions, unitContactActions } from '../contact/contact-actions.js';
import { formatPhone } from '../../domain/phone/normalise-phone.js';
import type { HotlineSettings } from './hotline-settings.js';
import { openStatus } from './open-status.js';
import { rankAgents } from './rank-agents.js';
import { allSkillNames, skillName, type Skill } from '../../domain/skills/skills.js';

const AGENTS_SHOWN = 3;

/**
 * The hotline card for a whitelisted user: the direct number, whether it is open (or when it opens), and the best
 * qualified agents available now with call and chat buttons. The first agent shown is recorded as routed to, so
 * the next person asking sees someone else first.
 */
export async function hotlineCard(store: Store, settings: HotlineSettings, ask: { topic: Skill | null; unknownTopic: string | null; locale: Locale; now: Date }): Promise<Reply> {
  const m = messages(ask.locale);
  const today = copenhagenDate(ask.now);
  const open = isOpenAt(settings.openingHours, ask.now);
  const unit = await store.units.findById(settings.hotlineUnitId, today);
  const notes: string[] = [];
  if (ask.unknownTopic) notes.push(m.hotline.unknownTopic(ask.unknownTopic, allSkillNames('da')));
  const ranked = open ? (await rankAgents(store, ask.topic, ask.now, open)).filter((agent) => agent.available) : [];
  const skilled = ranked.filter((agent) => agent.skillMatch);
  if (open && ranked.length === 0) notes.push(m.hotline.noAgentAvailable);
  else if (open && ask.topic && skilled.length === 0) notes.push(m.hotline.noSkilledAgent(skillName(ask.topic, ask.locale).toLowerCase()));
  const shown = ranked.slice(0, AGENTS_SHOWN);
  if (shown[0]) await recordRoutingUnlessBusy(store, shown[0].employee.id, ask);
  return card('hotline', {
    lang: ask.locale,
    title: ask.topic ? m.hotline.topicTitle(skillName(ask.topic, ask.locale).toLowerCase()) : m.hotline.title,
    status: openingText(settings, ask.locale, ask.now),
    statusStyle: open ? 'good' : 'attention',
    number: { label: m.hotline.directNumber, value: unit?.phone ? formatPhone(unit.phone) : m.hotline.noNumber, actions: unit ? unitContactActions(unit, m) : [] },
    notes,
    agentsTitle: m.hotline.agentsTitle,
    agents: shown.map((agent) => ({
      name: agent.employee.name,
      skills: agent.employee.skills.map((skill) => skillName(skill as Skill, ask.locale)).join(', '),
      badge: ask.topic && agent.skillMatch ? m.hotline.skillMatch : null,
      actions: personContactActions(agent.employee, m),
    })),
  });
}

/** "Åben nu, døgnet rundt." / "Åben nu, til midnat." / "Åben nu, til kl. 16.00." / "Hotlinen er lukket. Den åbner …" */
export function openingText(settings: HotlineSettings, locale: Locale, now: Date): string {
  const m = messages(locale);
  const status = openStatus(settings.openingHours, now);
  if (status?.kind === 'all-day') return status.until ? m.hotline.openAllDayUntil(formatOpening(status.until, locale)) : m.hotline.openAllDay;
  if (status?.kind === 'midnight') return m.hotline.openUntilMidnight;
  if (status?.kind === 'until') return m.hotline.openNow(formatTime(status.closes, locale));
  const opens = nextOpening(settings.openingHours, now);
  return opens ? m.hotline.closedNow(formatOpening(opens, locale)) : m.hotline.closedNoOpening;
}

/** For someone not on the whitelist: the general call-centre number and how to get on the list. */
export async function notWhitelistedCard(store: Store, settings: HotlineSettings, locale: Locale, now: Date): Promise<Reply> {
  const m = messages(locale);
  const unit = await store.units.findById(settings.callCentreUnitId, copenhagenDate(now));
  const number = unit?.phone ? formatPhone(unit.phone) : m.hotline.noNumber;
  return card('hotline', {
    lang: locale,
    title: m.hotline.notWhitelistedTitle,
    status: m.hotline.notWhitelisted(number),
    statusStyle: 'default',
    number: unit ? { label: unit.name, value: number, actions: unitContactActions(unit, m) } : null,
    notes: [m.hotline.howToBeWhitelisted],
    agentsTitle: m.hotline.agentsTitle,
    agents: [],
  });
}

/**
 * The routing row only makes the next choice fair; while another process holds the write lock the card is still
 * shown (it is read from the store) and this one routing goes unrecorded, rather than refusing the person.
 */
async function recordRoutingUnlessBusy(store: Store, employeeId: string, ask: { topic: Skill | null; now: Date }): Promise<void> {
  try {
    await store.hotline.recordRouting(employeeId, ask.now, 'chat', ask.topic);
  } catch (error) {
    if (!isBusyError(error)) throw error;
  }
}
