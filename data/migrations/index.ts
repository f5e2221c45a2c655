import { organisation } from './001-organisation.js';
import { sharedCitizensAndAudit } from './002-shared-citizens-and-audit.js';
import { alertsAndDelivery } from './003-alerts-and-delivery.js';
import { hotlineAndGuide } from './004-hotline-and-guide.js';
import { announcements } from './005-announcements.js';
import { goalStatus } from './006-goal-status.js';
import { appendOnlyAnyConnection } from './007-append-only-any-connection.js';
import { outboxAlertBacklog } from './008-outbox-alert-backlog.js';
import { guideSynonyms } from './009-guide-synonyms.js';
import { guideSearchLog } from './010-guide-search-log.js';
import { auditChain } from './011-audit-chain.js';
import { consents } from './012-consents.js';
import { retention } from './013-retention.js';
import { guideIndexSnowball } from './014-guide-index-snowball.js';
import { employeeAadLinks } from './015-employee-aad-links.js';
import { metricsIndexes } from './016-metrics-indexes.js';
import type { Migration } from './migration.js';

export const migrations: readonly Migration[] = [organisation, sharedCitizensAndAudit, alertsAndDelivery, hotlineAndGuide, announcements, goalStatus, appendOnlyAnyConnection, outboxAlertBacklog, guideSynonyms, guideSearchLog, auditChain, consents, retention, guideIndexSnowball, employeeAadLinks, metricsIndexes];
