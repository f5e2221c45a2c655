import type { Announcement } from '../../data/repositories/announcements.js';
import type { Employee } from '../../data/repositories/employees.js';

export type AnnouncementChange = 'correct' | 'cancel' | 'withdraw';

/** Who asks for a change: an employee in chat (already known to be a specialist or admin), or the portal's API key. */
export type Changer = { kind: 'employee'; employee: Employee } | { kind: 'portal' };

/** The portal reads reports of, and withdraws, only what it created itself. */
export const isPortals = (announcement: Announcement): boolean => announcement.source === 'api' && announcement.kind === 'message';

const isAdmin = (changer: Changer) => changer.kind === 'employee' && changer.employee.roles.includes('admin');

/**
 * Who may change a published announcement:
 * - its author may correct, cancel and withdraw their own;
 * - an admin may do so to anyone's, the portal's included;
 * - the monthly status post belongs to the system: only an admin may cancel or withdraw it, and nobody corrects it
 *   (its figures are computed when it is sent);
 * - the portal may withdraw only what it created through the API.
 */
export function mayChangeAnnouncement(changer: Changer, announcement: Announcement, change: AnnouncementChange): boolean {
  if (announcement.kind === 'goal-status') return change !== 'correct' && isAdmin(changer);
  if (changer.kind === 'portal') return isPortals(announcement) && change === 'withdraw';
  if (isAdmin(changer)) return true;
  return announcement.source === 'chat' && announcement.createdBy === changer.employee.id;
}

const CHANGES: readonly AnnouncementChange[] = ['correct', 'cancel', 'withdraw'];

/** Writing announcements, and seeing reports, is for the specialist unit and admins. */
export const canAnnounce = (asker: Employee | null): asker is Employee => Boolean(asker && (asker.roles.includes('specialist') || asker.roles.includes('admin')));

/**
 * Who may open a published announcement's report in chat (`meddelelse <nr>`): whoever may make at least one change
 * to it. Drafts are not reports; an ended announcement's report is still shown, with no buttons.
 */
export function mayViewReport(employee: Employee, announcement: Announcement): boolean {
  if (announcement.state === 'draft' || announcement.state === 'discarded') return false;
  return CHANGES.some((change) => mayChangeAnnouncement({ kind: 'employee', employee }, announcement, change));
}

/** A draft is its author's alone: nobody else may send, edit or discard it. */
export const ownsDraft = (employee: Employee, draft: Announcement): boolean => draft.state === 'draft' && draft.createdBy === employee.id;
