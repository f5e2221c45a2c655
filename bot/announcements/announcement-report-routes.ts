import type { Announcement } from '../../data/repositories/announcements.js';
import type { Employee } from '../../data/repositories/employees.js';
import type { ChatContext, ChatRoute } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { card, text, type Reply } from '../chat/reply.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { formatDateTime } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { reportCard } from './announcement-cards.js';
import { canAnnounce, mayChangeAnnouncement, mayViewReport } from './announcement-permissions.js';
import { deliveryReport } from './delivery-report.js';

const LIST = /^(meddelelser|announcements)$/i;
const SHOW = /^(meddelelse|announcement|announce)\s+(?:nr\.?\s*|no\.?\s*)?#?(\d{1,9})$/i;

/** How many the list shows (a card must stay small); the newest first. */
export const LISTED_ANNOUNCEMENTS = 15;

/** What "recent" means for the list: scheduled, or created, sent or ended within this many days. */
const RECENT_DAYS = 30;

/**
 * `meddelelser` lists the announcements the asker may change; `meddelelse <nr>` shows one's delivery report with the
 * buttons the asker may use. This is how an admin reaches someone else's announcement, the portal's or the monthly
 * status post: their report cards go only to the author, or to nobody.
 */
export const announcementReportsRoute: ChatRoute = {
  name: 'announcement-reports',
  matches: (request) => LIST.test(request.text) || SHOW.test(request.text),
  handle: async (request, context) => {
    const m = messages(request.locale).announcements;
    if (request.scope !== 'personal') return [text(m.reportsOnlyPersonal)];
    const asker = await context.asker();
    if (!canAnnounce(asker)) return [text(m.onlySpecialists)];
    const show = SHOW.exec(request.text);
    return show ? [await showReport(context, request, asker, Number(show[2]))] : [await listAnnouncements(context, request, asker)];
  },
};

/** Someone who may not see it gets the same answer whether it exists or not. */
async function showReport(context: ChatContext, request: ChatRequest, asker: Employee, id: number): Promise<Reply> {
  const announcement = await context.store.announcements.find(id);
  if (!announcement || !mayViewReport(asker, announcement)) return text(messages(request.locale).announcements.cannotChange);
  const may = (change: Parameters<typeof mayChangeAnnouncement>[2]) => mayChangeAnnouncement({ kind: 'employee', employee: asker }, announcement, change);
  return (await reportCard(context.store, id, request.locale, request.now, may))!;
}

async function listAnnouncements(context: ChatContext, request: ChatRequest, asker: Employee): Promise<Reply> {
  const { store } = context;
  const m = messages(request.locale).announcements;
  const since = new Date(request.now.getTime() - RECENT_DAYS * 86_400_000);
  const createdBy = asker.roles.includes('admin') ? null : asker.id;
  const shown: Announcement[] = [];
  for (const id of await store.announcements.recentIds({ createdBy, since, limit: LISTED_ANNOUNCEMENTS })) {
    const announcement = (await store.announcements.find(id))!;
    if (mayViewReport(asker, announcement)) shown.push(announcement);
  }
  const items = [];
  for (const announcement of shown) items.push({ text: await describe(context, request, asker, announcement) });
  if (shown.length === 0) return text(m.list.none);
  return card('item-list', {
    lang: request.locale,
    title: m.list.title(shown.length),
    items,
    hint: m.list.hint(LISTED_ANNOUNCEMENTS),
  });
}

async function describe(context: ChatContext, request: ChatRequest, asker: Employee, announcement: Announcement): Promise<string> {
  const m = messages(request.locale).announcements;
  const report = (await deliveryReport(context.store, announcement.id))!;
  const status = m.report.status[report.status] ?? report.status;
  const next = report.nextSendAt ? formatDateTime(report.nextSendAt, request.locale) : null;
  return m.list.item(announcement.id, announcement.title, status, await originOf(context, request, asker, announcement), next);
}

/** Whose it is, unless it is the asker's own. */
async function originOf(context: ChatContext, request: ChatRequest, asker: Employee, announcement: Announcement): Promise<string | null> {
  const m = messages(request.locale).announcements.list;
  if (announcement.kind === 'goal-status' || announcement.source === 'system') return m.bySystem;
  if (announcement.source === 'api') return m.byPortal;
  if (announcement.createdBy === asker.id) return null;
  return m.byName((await context.store.employees.findById(announcement.createdBy, copenhagenDate(request.now)))?.name ?? announcement.createdBy);
}
