import type { Employee } from '../../data/repositories/employees.js';
import type { Tx } from '../../data/store/store.js';
import type { ChatRequest } from './chat-request.js';

/** Audits a change an admin made in chat that concerns no citizen (a channel link, a whitelist entry). */
export async function auditAdminChange(store: Tx, request: ChatRequest, asker: Employee, change: { action: string; purpose: string; asOf: string; detail: Record<string, unknown> }): Promise<void> {
  await store.audit.append({
    at: request.now,
    action: change.action,
    purpose: change.purpose,
    result: 'recorded',
    actorEmployeeId: asker.id,
    actorAadObjectId: request.user.aadObjectId,
    actorAdministration: asker.administration,
    citizenCpr: null,
    asOf: change.asOf,
    detail: change.detail,
  });
}
