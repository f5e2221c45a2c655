import type { Announcement } from '../../data/repositories/announcements.js';
import type { Repositories } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import { card, replaceCard, type Reply } from '../chat/reply.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { formatDate, formatDateTime, formatTime } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import type { AnnouncementChange } from './announcement-permissions.js';
import { deliveryReport, type DeliveryReport } from './delivery-report.js';
import { audienceOf, describeAudience, describeGroup, describeWhen, sendDateOf } from './describe-announcement.js';
import { resolveAudience } from './resolve-audience.js';

/** Announcements go out in Danish: one card is shared by everyone in a channel, whatever their own language. */
export const ANNOUNCEMENT_LOCALE: Locale = 'da';

/** How many names the report lists before "and N more" (a card must stay under Teams' 28 KB). */
const LISTED = 15;

/**
 * The card recipients see, with "Læst" and the link; a corrected one says when it was corrected. With `readNote`
 * it is the view of someone who has marked it read: the note in place of the button.
 */
export function announcementCard(announcement: Announcement, locale: Locale = ANNOUNCEMENT_LOCALE, readNote: string | null = null): Reply {
  const m = messages(locale).announcements;
  return card('announcement', {
    lang: locale,
    from: m.from,
    title: announcement.title,
    body: announcement.body,
    corrected: announcement.revision > 1 ? m.correctedNote(formatDateTime(announcement.revisedAt, locale)) : null,
    note: null,
    link: announcement.url ? { title: announcement.url, url: announcement.url } : null,
    read: readNote === null ? { title: m.readButton, announcementId: announcement.id } : null,
    readNote,
  });
}

/** The card as someone who has marked it read sees it: when they did, in place of the "Læst" button. */
export function readerView(announcement: Announcement, readAt: Date): Reply {
  const m = messages(ANNOUNCEMENT_LOCALE).announcements;
  return announcementCard(announcement, ANNOUNCEMENT_LOCALE, m.readConfirmed(formatDate(copenhagenDate(readAt), ANNOUNCEMENT_LOCALE), formatTime(readAt, ANNOUNCEMENT_LOCALE)));
}

/** The preview of a draft: the card as it will look, who it reaches, when; Send (or Save correction), Edit, Cancel. */
export async function previewCard(store: Repositories, draft: Announcement, locale: Locale, now: Date, done: string | null = null): Promise<Reply> {
  const m = messages(locale).announcements;
  const date = sendDateOf(draft, now);
  const audience = audienceOf(draft);
  const resolved = await resolveAudience(store, audience, draft.delivery, date);
  const reachable = resolved.recipients.filter((recipient) => recipient.conversationId !== null);
  const unreachable = resolved.recipients.length - reachable.length;
  const correcting = draft.correctsId !== null;
  const facts = correcting
    ? []
    : [
        { title: m.facts.audience, value: await describeAudience(store, audience, date, locale) },
        { title: m.facts.delivery, value: m.deliveryChoices[draft.delivery]! },
        { title: m.facts.when, value: describeWhen(draft, now, locale) },
        { title: m.facts.reach, value: m.reach(reachable.filter((r) => r.kind === 'channel').length, reachable.filter((r) => r.kind === 'personal').length) },
      ];
  const actions = done
    ? []
    : [
        { title: correcting ? m.saveCorrectionButton : m.sendButton, verb: 'announcement.send', style: 'positive', draftId: draft.id },
        { title: m.editButton, verb: 'announcement.edit', style: 'default', draftId: draft.id },
        { title: m.discardButton, verb: 'announcement.discard', style: 'default', draftId: draft.id },
      ];
  return replaceCard('announcement-preview', {
    lang: locale,
    heading: correcting ? m.correctionPreviewHeading : m.previewHeading,
    sample: { from: m.from, title: draft.title, body: draft.body, link: draft.url ? m.link(draft.url) : null },
    facts,
    warnings: !correcting && unreachable > 0 ? [m.withoutConversationWarning(unreachable)] : [],
    done,
    actions,
  });
}

/** Which of the report's buttons the reader may use (the sender's own report shows them all). */
export type MayChange = (change: AnnouncementChange) => boolean;

/** The delivery report, as a card, with the buttons the reader may use (each press is checked again). */
export async function reportCard(store: Repositories, announcementId: number, locale: Locale, now: Date, may: MayChange = () => true): Promise<Reply | null> {
  const report = await deliveryReport(store, announcementId);
  return report ? card('announcement-report', await reportData(store, report, locale, now, may)) : null;
}

async function reportData(store: Repositories, report: DeliveryReport, locale: Locale, now: Date, may: MayChange): Promise<Record<string, unknown>> {
  const m = messages(locale).announcements;
  const r = m.report;
  const today = copenhagenDate(now);
  const { announcement } = report;
  const facts = [
    { title: r.facts.delivered, value: String(report.delivered) },
    { title: r.facts.pending, value: String(report.pending) },
    { title: r.facts.failed, value: String(report.failed) },
    { title: r.facts.noConversation, value: String(report.noConversation) },
    ...(report.cancelled > 0 ? [{ title: r.facts.cancelled, value: String(report.cancelled) }] : []),
    { title: r.facts.read, value: String(report.read) },
    ...(report.lastSentAt ? [{ title: r.facts.lastSent, value: formatDateTime(report.lastSentAt, locale) }] : []),
    ...(report.sends > 1 ? [{ title: r.facts.sends, value: String(report.sends) }] : []),
    ...(report.nextSendAt ? [{ title: r.facts.nextSend, value: formatDateTime(report.nextSendAt, locale) }] : []),
  ];
  const without: string[] = [];
  for (const { label, kind, group } of report.withoutConversation) {
    without.push(kind === 'personal' ? label : label === group ? r.noChannel(await describeGroup(store, group, today, locale)) : r.channel(label));
  }
  const listed = without.slice(0, LISTED).join(', ') + (without.length > LISTED ? `, ${r.more(without.length - LISTED)}` : '');
  const failures = report.failures.slice(0, LISTED).map(({ label, reason }) => `${label}: ${reason}`);
  if (report.failures.length > LISTED) failures.push(r.more(report.failures.length - LISTED));
  const groups = [];
  for (const group of report.groups) {
    groups.push({
      label: await describeGroup(store, group.group, today, locale),
      delivered: String(group.delivered),
      pending: String(group.pending),
      failed: String(group.failed),
      noConversation: String(group.noConversation),
    });
  }
  return {
    lang: locale,
    heading: r.heading(announcement.title),
    status: r.status[report.status] ?? report.status,
    statusStyle: report.status === 'sent' ? 'good' : report.status === 'withdrawn' || report.status === 'cancelled' ? 'attention' : 'default',
    facts,
    header: r.header,
    groups,
    failuresTitle: r.failuresTitle,
    failures,
    withoutTitle: r.withoutTitle,
    without: without.length > 0 ? listed : null,
    note: report.sends > 1 ? r.latestRound : null,
    actions: reportActions(report, locale, may),
  };
}

function reportActions(report: DeliveryReport, locale: Locale, may: MayChange) {
  const r = messages(locale).announcements.report;
  const { announcement } = report;
  if (announcement.state !== 'active') return [];
  const action = (title: string, verb: string, style = 'default') => ({ title, verb, style, announcementId: announcement.id });
  const sentOnce = report.sends > 0;
  const stop = announcement.recurrence !== null && sentOnce ? r.stopButton : r.cancelButton;
  return [
    ...(may('cancel') && (report.nextSendAt || report.pending > 0) ? [action(stop, 'announcement.cancel')] : []),
    ...(may('correct') && sentOnce ? [action(r.correctButton, 'announcement.correct')] : []),
    ...(may('withdraw') && sentOnce ? [action(r.withdrawButton, 'announcement.withdraw', 'destructive')] : []),
  ];
}
