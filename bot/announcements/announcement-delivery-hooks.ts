import type { OutboxRow } from '../../data/repositories/outbox.js';
import type { Repositories, Tx } from '../../data/store/store.js';
import type { Reply } from '../chat/reply.js';
import type { DeliveryHooks } from '../delivery/delivery-hooks.js';
import { ANNOUNCEMENT_PURPOSE } from './announcement-changes.js';
import { ANNOUNCEMENT_LOCALE, announcementCard, reportCard } from './announcement-cards.js';
import { refreshReport } from './report-updates.js';

type Message = { kind: string; announcementId: number };

/** Renders a message kind other than the announcement card itself (the monthly status post). */
export type ExtraRenderers = Record<string, (reads: Repositories, message: Record<string, unknown>, now: Date) => Promise<Reply>>;

/**
 * Announcement cards and report cards are rendered when sent, from the current revision and the current report.
 * Every delivered, failed or unreachable message refreshes the sender's report.
 */
export function announcementDeliveryHooks(extra: ExtraRenderers = {}): Record<string, DeliveryHooks> {
  const settled = async (tx: Tx, row: OutboxRow, now: Date) => {
    if (row.operation === 'post') await refreshReport(tx, (row.message as Message).announcementId, now);
  };
  const announcementHooks: DeliveryHooks = {
    async render(reads, row, now) {
      if (row.operation === 'delete') return null;
      const message = row.message as Message;
      const render = extra[message.kind];
      if (render) return render(reads, row.message as Record<string, unknown>, now);
      const announcement = await reads.announcements.find(message.announcementId);
      if (!announcement) throw new Error(`announcement ${message.announcementId} not found`);
      return announcementCard(announcement);
    },
    onSent: async (tx, row, _activityId, now) => settled(tx, row, now),
    async onConversationGone(tx, row, _reason, now) {
      await settled(tx, row, now);
      return false;
    },
    onDead: async (tx, row, _reason, now) => settled(tx, row, now),
  };
  const reportHooks: DeliveryHooks = {
    async render(reads, row, now) {
      const report = await reportCard(reads, (row.message as Message).announcementId, ANNOUNCEMENT_LOCALE, now);
      if (!report) throw new Error(`announcement ${(row.message as Message).announcementId} not found`);
      return report;
    },
  };
  return { [ANNOUNCEMENT_PURPOSE]: announcementHooks, 'announcement-report': reportHooks };
}
