import type { Employee } from '../../data/repositories/employees.js';
import type { Store } from '../../data/store/store.js';

/** Why a caller is (or is not) put straight through. */
export type WhitelistReason = 'sof-employee' | 'sof-unit' | 'explicit-file' | 'explicit-chat' | 'not-listed';

export type WhitelistDecision = { whitelisted: boolean; reason: WhitelistReason; employeeId: string | null };

const NOT_LISTED: WhitelistDecision = { whitelisted: false, reason: 'not-listed', employeeId: null };

/**
 * The whitelist principle for a phone call: an SOF employee's work number, an SOF unit's number, or an explicit
 * entry in force today. Employees are matched on the date, so someone who has moved to BIF no longer counts.
 */
export async function whitelistByPhone(store: Store, phone: string, asOf: string): Promise<WhitelistDecision> {
  const employees = await store.employees.findByPhone(phone, asOf);
  const sof = employees.find((employee) => employee.administration === 'SOF');
  if (sof) return { whitelisted: true, reason: 'sof-employee', employeeId: sof.id };
  if (await store.hotline.sofUnitWithPhone(phone, asOf)) return { whitelisted: true, reason: 'sof-unit', employeeId: null };
  return explicit(store, 'phone', phone, asOf, employees[0]?.id ?? null);
}

/** The same for someone writing in Teams: their employee record today, else an explicit entry for their identity. */
export async function whitelistInTeams(store: Store, user: { aadObjectId: string | null; employee: Employee | null }, asOf: string): Promise<WhitelistDecision> {
  if (user.employee?.administration === 'SOF') return { whitelisted: true, reason: 'sof-employee', employeeId: user.employee.id };
  if (!user.aadObjectId) return NOT_LISTED;
  return explicit(store, 'aad', user.aadObjectId.toLowerCase(), asOf, user.employee?.id ?? null);
}

async function explicit(store: Store, kind: 'phone' | 'aad', value: string, asOf: string, employeeId: string | null): Promise<WhitelistDecision> {
  const entry = await store.hotline.explicitEntry(kind, value, asOf);
  if (!entry) return { ...NOT_LISTED, employeeId };
  return { whitelisted: true, reason: entry.source === 'file' ? 'explicit-file' : 'explicit-chat', employeeId };
}
