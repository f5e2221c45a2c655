import { createHash } from 'node:crypto';

/** The version of the row encoding below; a row records the version it was hashed with. */
export const CHAIN_VERSION = 1;

/** The hash the first row of a chain points back to (the genesis anchor's). */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The audit_log columns a row's hash covers, in encoding order (besides the hashes themselves). A column added to
 * audit_log later must be added here under a new CHAIN_VERSION, or it could be changed without breaking the chain.
 */
export const HASHED_COLUMNS = [
  'id',
  'at',
  'action',
  'purpose',
  'result',
  'actor_employee_id',
  'actor_aad_object_id',
  'actor_administration',
  'citizen_cpr',
  'as_of',
  'shown',
  'detail',
  'chain_version',
  'prev_hash',
] as const;

export type ChainedAuditRow = {
  id: number;
  at: string;
  action: string;
  purpose: string;
  result: string;
  actor_employee_id: string | null;
  actor_aad_object_id: string | null;
  actor_administration: string | null;
  citizen_cpr: string | null;
  as_of: string | null;
  shown: string | null;
  detail: string | null;
  chain_version: number;
  prev_hash: string;
};

/**
 * SHA-256 (hex) over the row's content and the previous row's hash. The values are encoded as one JSON array, so no
 * content can forge a field boundary ("a|b" + "c" and "a" + "b|c" encode differently).
 */
export function auditRowHash(row: ChainedAuditRow): string {
  const encoding = JSON.stringify(['brobygger.audit_log', ...HASHED_COLUMNS.map((column) => row[column])]);
  return createHash('sha256').update(encoding, 'utf8').digest('hex');
}
