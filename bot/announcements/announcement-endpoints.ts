import type { Request, Response } from 'restify';
import type { Store } from '../../data/store/store.js';
import { withBearerKey } from '../http/bearer-key.js';
import { zodProblems } from '../http/zod-problems.js';
import type { Logger } from '../log/logger.js';
import { saveAnnouncement, withdrawAnnouncement } from './announcement-changes.js';
import { isPortals, mayChangeAnnouncement } from './announcement-permissions.js';
import { announcementInputSchema } from './announcement-schema.js';
import { API_ACTOR } from './audit-announcement.js';
import { checkAnnouncement } from './check-announcement.js';
import { deliveryReport, type DeliveryReport } from './delivery-report.js';

type Deps = { store: Store; keys: readonly string[]; log: Logger; clock: () => Date };
type Handler = (req: Request, res: Response) => void | Promise<void>;

/** `Authorization: Bearer <key>` with a key from ANNOUNCEMENT_API_KEYS, else 401. */
const guarded = (deps: Deps, handler: Handler): Handler => withBearerKey(deps.keys, 'ANNOUNCEMENT_API_KEYS', deps.log, handler);

function announcementId(req: Request): number | null {
  const id = Number(req.params?.id);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The delivery report as the portal reads it; recipients are units and employees, never citizens. */
function reportJson(report: DeliveryReport) {
  return {
    id: report.announcement.id,
    status: report.status,
    delivered: report.delivered,
    pending: report.pending,
    failed: report.failed,
    no_conversation: report.noConversation,
    cancelled: report.cancelled,
    read: report.read,
    sends: report.sends,
    last_sent_at: report.lastSentAt,
    next_send_at: report.nextSendAt,
    by_audience: report.groups.map(({ group, delivered, pending, failed, noConversation, cancelled }) => ({ audience: group, delivered, pending, failed, no_conversation: noConversation, cancelled })),
    failures: report.failures.map(({ label, reason }) => ({ recipient: label, reason })),
    without_conversation: report.withoutConversation.map(({ label, kind, group }) => ({ recipient: label, kind, audience: group })),
  };
}

/** `POST /api/announcements`: 201 `{ id }`, or 422 with one readable sentence and the problems, field by field. */
export function createAnnouncementEndpoint(deps: Deps): Handler {
  return guarded(deps, async (req, res) => {
    const parsed = announcementInputSchema.safeParse(req.body ?? null);
    if (!parsed.success) {
      const problems = zodProblems(parsed.error);
      res.send(422, { error: `The announcement was not accepted: ${problems.join('; ')}.`, problems });
      return;
    }
    const now = deps.clock();
    const problems = await checkAnnouncement(deps.store, parsed.data, now, 'en');
    if (problems.length > 0) {
      res.send(422, { error: `The announcement was not accepted: ${problems.join(' ')}`, problems });
      return;
    }
    const id = await saveAnnouncement(deps.store, parsed.data, { source: 'api', actor: API_ACTOR, senderConversationId: null, state: 'active' }, now);
    deps.log.info({ announcementId: id, delivery: parsed.data.delivery, recurring: Boolean(parsed.data.recurrence) }, 'announcement accepted from the API');
    res.header('location', `/api/announcements/${id}`);
    res.send(201, { id });
  });
}

/** The portal's own announcement (created through the API); anything else is answered as if it did not exist. */
async function portalsAnnouncement(deps: Deps, req: Request) {
  const id = announcementId(req);
  const announcement = id === null ? null : await deps.store.announcements.find(id);
  return announcement && isPortals(announcement) ? announcement : null;
}

/** `GET /api/announcements/<id>`: the delivery report of an announcement the portal created. */
export function announcementReportEndpoint(deps: Deps): Handler {
  return guarded(deps, async (req, res) => {
    const own = await portalsAnnouncement(deps, req);
    const report = own ? await deliveryReport(deps.store, own.id) : null;
    if (!report || report.status === 'draft') {
      res.send(404, { error: 'No announcement with that id.' });
      return;
    }
    res.send(200, reportJson(report));
  });
}

/** `DELETE /api/announcements/<id>`: withdraws one the portal created (stops what waits, deletes what was delivered). */
export function withdrawAnnouncementEndpoint(deps: Deps): Handler {
  return guarded(deps, async (req, res) => {
    const existing = await portalsAnnouncement(deps, req);
    if (!existing || existing.state === 'draft' || existing.state === 'discarded' || !mayChangeAnnouncement({ kind: 'portal' }, existing, 'withdraw')) {
      res.send(404, { error: 'No announcement with that id.' });
      return;
    }
    const deletes = await withdrawAnnouncement(deps.store, existing.id, API_ACTOR, deps.clock());
    if (deletes === null) {
      res.send(409, { error: `The announcement is already ${existing.state}.`, status: existing.state });
      return;
    }
    res.send(200, { id: existing.id, status: 'withdrawn', deleting: deletes });
  });
}
