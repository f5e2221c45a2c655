import { z } from 'zod';
import type { Tx } from '../../data/store/store.js';
import { channelOfUnit, fallbackUnitOf } from '../routing/route-alert.js';
import type { Locale } from '../i18n/locale.js';
import { card, type Reply } from '../chat/reply.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { formatDate } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';

export const MARKING_NOTICE_PURPOSE = 'shared-marking';
/** The specialist unit's channel is read in Danish, like the alerts posted there. */
const MARKING_NOTICE_LOCALE: Locale = 'da';

/** What the outbox row holds: the masked CPR only, never the full number. */
const markingNotice = z.object({
  kind: z.literal('shared-marking-notice'),
  shared: z.boolean(),
  maskedCpr: z.string(),
  markerName: z.string(),
  reason: z.string(),
  from: z.string(),
});
type MarkingNotice = z.infer<typeof markingNotice>;

export type NoticeOutcome = { queued: true; unitId: string; channelId: string } | { queued: false; unitId: string | null };

/**
 * Queues the notice of a marking for the specialist unit's channel, so a second person sees who changed who may
 * see a citizen. Call it inside the marking's transaction. Without a channel nothing is queued; the marking stands
 * and the caller logs it.
 */
export async function queueMarkingNotice(
  store: Tx,
  marking: { cpr: string; shared: boolean; reason: string; markerName: string; dedupeKey: string },
  fallbackUnitId: string | undefined,
  now: Date,
): Promise<NoticeOutcome> {
  const today = copenhagenDate(now);
  const { unitId, channelId } = await noticeChannelOf(store, fallbackUnitId, today);
  if (!unitId || !channelId) return { queued: false, unitId };
  const message: MarkingNotice = { kind: 'shared-marking-notice', shared: marking.shared, maskedCpr: maskCpr(marking.cpr), markerName: marking.markerName, reason: marking.reason, from: today };
  await store.outbox.enqueue({ dedupeKey: `shared-marking:${marking.dedupeKey}`, operation: 'post', conversationId: channelId, message, purpose: MARKING_NOTICE_PURPOSE, now });
  return { queued: true, unitId, channelId };
}

/** The specialist unit (ALERT_FALLBACK_UNIT_ID, else the BIF-SOF unit) and its channel, if it has one. */
export async function noticeChannelOf(store: Tx, fallbackUnitId: string | undefined, today: string): Promise<{ unitId: string | null; channelId: string | null }> {
  const unitId = await fallbackUnitOf(store, fallbackUnitId, today);
  return { unitId, channelId: unitId ? await channelOfUnit(store, unitId, today) : null };
}

export function markingNoticeCard(stored: unknown, locale: Locale = MARKING_NOTICE_LOCALE): Reply {
  const notice = markingNotice.parse(stored);
  const m = messages(locale).sharedMarking;
  const from = formatDate(notice.from, locale);
  return card('shared-marking-notice', {
    lang: locale,
    title: notice.shared ? m.noticeTitleMark : m.noticeTitleUnmark,
    text: notice.shared ? m.noticeMarked(notice.markerName, notice.maskedCpr, from) : m.noticeUnmarked(notice.markerName, notice.maskedCpr, from),
    facts: [
      { title: m.citizen, value: notice.maskedCpr },
      { title: m.markedBy, value: notice.markerName },
      { title: m.newStatus, value: m.statusManual(notice.shared ? m.statusShared : m.statusNotShared) },
      { title: m.validFrom, value: from },
      { title: m.reason, value: notice.reason },
    ],
  });
}
