import { organisation } from './001-organisation.js';
import { sharedCitizensAndAudit } from './002-shared-citizens-and-audit.js';
import type { Migration } from './migration.js';

export const migrations: readonly Migration[] = [organisation, sharedCitizensAndAudit];
