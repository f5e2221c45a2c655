import { postgresPartNotice } from '../data/engines.js';

/**
 * Vitest global setup: says once per run whether the contract tests include PostgreSQL (test files run in several
 * workers, so a line from the shared engine list would repeat). A malformed TEST_DATABASE_URL stops the run here.
 */
export default function announcePostgresPart(): void {
  console.log(postgresPartNotice());
}
