import type { Tx } from '../../data/store/store.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';

/** Who did something to an announcement: an employee in chat, the portal (API key), or the bot's scheduler. */
export type AnnouncementActor = { id: string; employeeId: string | null; aadObjectId: string | null; administration: string | null };

export const API_ACTOR: AnnouncementActor = { id: 'api', employeeId: null, aadObjectId: null, administration: null };
export const SYSTEM_ACTOR: AnnouncementActor = { id: 'system', employeeId: null, aadObjectId: null, administration: null };

/** Announcements concern no citizen; their life (created, sent, corrected, cancelled, withdrawn) is audited all the same. */
export async function auditAnnouncement(store: Tx, announcementId: number, action: string, actor: AnnouncementActor, now: Date, detail: Record<string, unknown> = {}): Promise<void> {
  await store.audit.append({
    at: now,
    action,
    purpose: 'meddelelse',
    result: 'recorded',
    actorEmployeeId: actor.employeeId,
    actorAadObjectId: actor.aadObjectId,
    actorAdministration: actor.administration,
    citizenCpr: null,
    asOf: copenhagenDate(now),
    detail: { announcementId, actor: actor.id, ...detail },
  });
}
