import { baseline } from './001-baseline.js';
import { deliveryLeases } from './002-delivery-leases.js';
import { jobLeases } from './003-job-leases.js';
import type { PostgresMigration } from './postgres-migration.js';

export const postgresMigrations: readonly PostgresMigration[] = [baseline, deliveryLeases, jobLeases];
