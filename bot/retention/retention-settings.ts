import { z } from 'zod';

/**
 * The floor for the audit log: the former security order for public administrations (bekendtgørelse nr. 528 af
 * 15. juni 2000, § 19) required logs of access to personal data to be kept 6 months; no setting may keep them shorter.
 */
export const MIN_AUDIT_RETENTION_MONTHS = 6;
/** Two years: see README "Retention" for why. */
export const DEFAULT_AUDIT_RETENTION_MONTHS = 24;
/** A year after a citizen's last case ended: see README "Retention" for why. */
export const DEFAULT_CITIZEN_RETENTION_MONTHS = 12;
const MAX_MONTHS = 120;

const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const months = (min: number, fallback: number, floorReason: string) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: 'must be a whole number of months' })
      .int('must be a whole number of months')
      .min(min, `must be at least ${min} months${floorReason}`)
      .max(MAX_MONTHS, `must be at most ${MAX_MONTHS} months`)
      .default(fallback),
  );

/** The environment variables of retention (README "Configuration"), part of the bot's env schema and the command's. */
export const retentionEnvFields = {
  AUDIT_RETENTION_MONTHS: months(
    MIN_AUDIT_RETENTION_MONTHS,
    DEFAULT_AUDIT_RETENTION_MONTHS,
    ': look-up logs are kept at least as long as the former security order required (bekendtgørelse nr. 528/2000, § 19)',
  ),
  CITIZEN_RETENTION_MONTHS: months(1, DEFAULT_CITIZEN_RETENTION_MONTHS, ''),
  /** The bot runs retention once a day (README "Retention"); false leaves it to `npm run retention`. */
  RETENTION_DAILY: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .default('true')
      .transform((value) => value === 'true' || value === '1' || value === 'yes'),
  ),
};

export const retentionEnvSchema = z.object(retentionEnvFields);
export type RetentionEnv = z.infer<typeof retentionEnvSchema>;
