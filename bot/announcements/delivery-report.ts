import type { Announcement } from '../../data/repositories/announcements.js';
import type { Repositories } from '../../data/store/store.js';

export type ReportStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled' | 'withdrawn';

export type Tally = { delivered: number; pending: number; failed: number; cancelled: number; noConversation: number };

export type DeliveryReport = Tally & {
  announcement: Announcement;
  status: ReportStatus;
  read: number;
  /** The latest send that went out (a recurring announcement reports on its most recent round). */
  lastSentAt: string | null;
  nextSendAt: string | null;
  sends: number;
  groups: ({ group: string } & Tally)[];
  failures: { label: string; reason: string }[];
  withoutConversation: { label: string; kind: 'channel' | 'personal'; group: string }[];
};

const emptyTally = (): Tally => ({ delivered: 0, pending: 0, failed: 0, cancelled: 0, noConversation: 0 });

function bucketOf(outboxState: string | null): keyof Tally {
  switch (outboxState) {
    case null:
      return 'noConversation';
    case 'sent':
      return 'delivered';
    case 'pending':
    case 'sending':
      return 'pending';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'failed';
  }
}

/** Where an announcement's latest send stands, per audience group, from the outbox rows themselves (never a copy). */
export async function deliveryReport(store: Repositories, announcementId: number): Promise<DeliveryReport | null> {
  const announcement = await store.announcements.find(announcementId);
  if (!announcement) return null;
  const sends = (await store.announcements.sends(announcementId)).filter((send) => send.state === 'fanned-out');
  const latest = sends.at(-1) ?? null;
  const total = emptyTally();
  const groups = new Map<string, Tally>();
  const failures: DeliveryReport['failures'] = [];
  const withoutConversation: DeliveryReport['withoutConversation'] = [];
  for (const recipient of latest ? await store.announcements.recipients(latest.id) : []) {
    const bucket = bucketOf(recipient.outboxState);
    total[bucket] += 1;
    const group = groups.get(recipient.group) ?? emptyTally();
    group[bucket] += 1;
    groups.set(recipient.group, group);
    if (bucket === 'failed') failures.push({ label: recipient.label, reason: (recipient.lastError ?? recipient.outboxState ?? '').slice(0, 160) });
    if (bucket === 'noConversation') withoutConversation.push({ label: recipient.label, kind: recipient.kind, group: recipient.group });
  }
  return {
    ...total,
    announcement,
    status: statusOf(announcement, latest !== null, total.pending),
    read: await store.announcements.readCount(announcementId),
    lastSentAt: latest?.fannedOutAt ?? null,
    nextSendAt: announcement.state === 'active' ? await store.announcements.nextSendOf(announcementId) : null,
    sends: sends.length,
    groups: [...groups].map(([group, tally]) => ({ group, ...tally })),
    failures,
    withoutConversation,
  };
}

function statusOf(announcement: Announcement, sentOnce: boolean, pending: number): ReportStatus {
  switch (announcement.state) {
    case 'draft':
    case 'discarded':
      return 'draft';
    case 'cancelled':
    case 'withdrawn':
      return announcement.state;
    case 'active':
      if (!sentOnce) return 'scheduled';
      return pending > 0 ? 'sending' : 'sent';
  }
}
