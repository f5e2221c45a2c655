import type { z } from 'zod';
import { ADMINISTRATIONS_SHARING, type ConsentPurpose } from '../../domain/consent/consent-purpose.js';
import { consentRow } from './consent-row.js';
import type { EntitySpec } from './entity-specs.js';

/**
 * consents.csv: a citizen's consent to sharing, identified by (cpr, purpose) and the day it was given. The file is
 * the source's full picture: a consent it no longer lists ends the day before the import. Several consents for the
 * same purpose may stand side by side (a renewal next to the one it renews); only the same day given twice is a
 * duplicate.
 */
export const consents: EntitySpec = {
  file: 'consents.csv',
  required: ['cpr', 'purpose', 'given_on', 'expires_on', 'withdrawn_on', 'reference'],
  optional: [],
  schema: consentRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'consent_versions',
  stage: 'stage_consents',
  key: ['cpr', 'purpose'],
  attributes: ['expires_on', 'withdrawn_on', 'reference', 'source', 'administrations'],
  toColumns: (row) => ({
    cpr: row.cpr as string,
    purpose: row.purpose as string,
    expires_on: row.expires_on as string | null,
    withdrawn_on: row.withdrawn_on as string | null,
    reference: row.reference as string | null,
    source: 'import',
    administrations: ADMINISTRATIONS_SHARING[row.purpose as ConsentPurpose].join('|'),
    source_from: row.given_on as string,
    source_to: null,
  }),
  absentFactsEnd: true,
  overlapsAllowed: true,
  keyLabel: 'cpr, purpose, given_on',
  fromColumn: 'given_on',
  rawKey: (cells) => {
    const cpr = cells.cpr?.replace(/[-\s]/g, '') || null;
    const purpose = cells.purpose?.trim().toLowerCase() || null;
    return cpr && purpose ? [cpr, purpose] : null;
  },
};
