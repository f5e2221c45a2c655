import { z } from 'zod';
import { parseWebhookSecret, type WebhookSecret } from '../events/webhook-signature.js';
import { parseOpeningHours, DEFAULT_OPENING_HOURS, type OpeningHours } from '../../domain/calendar/opening-hours.js';
import { DEFAULT_CALL_CENTRE_UNIT_ID, DEFAULT_HOTLINE_UNIT_ID } from '../hotline/hotline-settings.js';
import { parseDuration } from './duration.js';
import { retentionEnvFields } from '../retention/retention-settings.js';
import { postgresUrlSchema } from '../../data/postgres/driver/postgres-url.js';

const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const guidList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
    .superRefine((ids, ctx) => {
      const bad = ids.filter((id) => !GUID.test(id));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `comma-separated tenant GUIDs expected; not a GUID: ${bad.map((id) => `"${id}"`).join(', ')}` });
      }
    })
    .optional(),
);

const guid = z.string().trim().regex(GUID, 'must be a GUID such as 00000000-0000-0000-0000-000000000000');

/** What to set when neither mode is chosen: one line, since it is the first thing a new operator sees. */
const CHOOSE_A_MODE =
  'is not set: set MicrosoftAppId, MicrosoftAppType and MicrosoftAppTenantId (production), or LOCAL_MODE=true for the Agents Playground and tests';

const webhookSecrets = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .transform((value, ctx): WebhookSecret[] => {
      const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
      const secrets = parts.map(parseWebhookSecret);
      const bad = secrets.map((secret, index) => (secret ? null : index + 1)).filter((index) => index !== null);
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `each secret must be whsec_ followed by at least 16 base64-encoded bytes; secret number ${bad.join(', ')} is not` });
        return z.NEVER;
      }
      return secrets as WebhookSecret[];
    })
    .optional(),
);

const duration = (fallback: string) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default(fallback)
      .transform((value, ctx) => {
        const ms = parseDuration(value);
        if (ms === null) {
          ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30m, 2h or 1d' });
          return z.NEVER;
        }
        return ms;
      }),
  );

const flagWithDefault = (fallback: 'true' | 'false') =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .default(fallback)
      .transform((value) => value === 'true' || value === '1' || value === 'yes'),
  );
const flag = flagWithDefault('false');
const flagDefaultOn = flagWithDefault('true');

const openingHours = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .default(DEFAULT_OPENING_HOURS)
    .transform((value, ctx): OpeningHours => {
      const parsed = parseOpeningHours(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.problem });
        return z.NEVER;
      }
      return parsed.value;
    }),
);

/** An http(s) URL; https is required outside loopback, checked with the rest of the environment below. */
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be a URL such as https://samtykke.example.dk' });

const MIN_API_KEY_LENGTH = 24;

/** Comma-separated API keys (several, so one can be rotated); each long enough not to be guessed. */
const apiKeys = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .transform((value, ctx) => {
      const keys = value.split(',').map((key) => key.trim()).filter(Boolean);
      const short = keys.map((key, index) => (key.length < MIN_API_KEY_LENGTH || /\s/.test(key) ? index + 1 : null)).filter((index) => index !== null);
      if (short.length > 0) {
        ctx.addIssue({ code: 'custom', message: `each key must be at least ${MIN_API_KEY_LENGTH} characters without spaces (e.g. from "openssl rand -base64 32"); key number ${short.join(', ')} is not` });
        return z.NEVER;
      }
      return keys;
    })
    .optional(),
);

/** Variables holding secrets: never echoed in an error message. */
export const SECRET_VARIABLES = new Set(['DATABASE_URL', 'MicrosoftAppPassword', 'EVENTS_WEBHOOK_SECRETS', 'HOTLINE_API_KEYS', 'ANNOUNCEMENT_API_KEYS', 'STATUS_API_KEYS', 'CONSENT_API_CLIENT_SECRET']);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const envSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
    PORT: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a port number (0–65535)' }).int('must be a whole number').min(0, 'must be a port number (0–65535)').max(65535, 'must be a port number (0–65535)').default(3978),
    ),
    /** No default here: it depends on the mode (loopback in local mode), see loadConfig. */
    HOST: z.preprocess(emptyAsUndefined, z.string().trim().optional()),
    /** Prometheus metrics at GET /metrics on their own listener; off when unset (0: any free port, for tests). */
    METRICS_PORT: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a port number (0–65535)' }).int('must be a whole number').min(0, 'must be a port number (0–65535)').max(65535, 'must be a port number (0–65535)').optional(),
    ),
    METRICS_HOST: z.preprocess(emptyAsUndefined, z.string().trim().default('127.0.0.1')),
    LOCAL_MODE: flag,
    DATABASE_PATH: z.preprocess(emptyAsUndefined, z.string().default('var/brobygger.sqlite')),
    /** Set: PostgreSQL at this URL, and DATABASE_PATH is ignored. Its messages never repeat the value (a password). */
    DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrlSchema('the value').optional()),
    /** Connections each instance keeps to PostgreSQL (the server's max_connections is shared by all instances). */
    DATABASE_POOL_SIZE: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a whole number of connections' }).int('must be a whole number of connections').min(1, 'must be at least 1').max(100, 'must be at most 100').default(10),
    ),
    MicrosoftAppId: z.preprocess(emptyAsUndefined, guid.optional()),
    MicrosoftAppPassword: z.preprocess(emptyAsUndefined, z.string().optional()),
    MicrosoftAppType: z.preprocess(
      emptyAsUndefined,
      z
        .enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant'], {
          message: 'must be SingleTenant or UserAssignedMSI',
        })
        .refine((value) => value !== 'MultiTenant', {
          message: 'MultiTenant is not allowed: new multi-tenant bots can no longer be registered; use SingleTenant or UserAssignedMSI',
        })
        .optional(),
    ),
    MicrosoftAppTenantId: z.preprocess(emptyAsUndefined, guid.optional()),
    ALLOWED_TENANT_IDS: guidList,
    LOCALE_OVERRIDE: z.preprocess(emptyAsUndefined, z.enum(['da', 'en'], { message: 'must be da or en (or unset)' }).optional()),
    EVENTS_WEBHOOK_SECRETS: webhookSecrets,
    ALERT_FALLBACK_UNIT_ID: z.preprocess(emptyAsUndefined, z.string().trim().max(100).optional()),
    ALERT_DROP_NON_SHARED: flag,
    CONSENT_REQUIRED_FOR_SHARING: flag,
    /** Digitalt Samtykke's API (README "Consent"); unset: consents come from consents.csv alone. */
    CONSENT_API_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
    CONSENT_API_TOKEN_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
    CONSENT_API_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().trim().max(200).optional()),
    CONSENT_API_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().max(500).optional()),
    CONSENT_API_CACHE: duration('5m'),
    ALERT_ESCALATION_PERIOD: duration('2h'),
    ALERT_BACKLOG_LIMIT: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a whole number of messages' }).int('must be a whole number of messages').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000').default(5000),
    ),
    DELIVERY_MAX_AGE: duration('24h'),
    /** How long an instance's claim on an outbox message lasts: a claim older than this (its instance died) is taken over. */
    OUTBOX_LEASE_SECONDS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a whole number of seconds' }).int('must be a whole number of seconds').min(5, 'must be at least 5').max(3600, 'must be at most 3600').default(60),
    ),
    HOTLINE_OPENING_HOURS: openingHours,
    HOTLINE_API_KEYS: apiKeys,
    ANNOUNCEMENT_API_KEYS: apiKeys,
    HOTLINE_UNIT_ID: z.preprocess(emptyAsUndefined, z.string().trim().max(100).default(DEFAULT_HOTLINE_UNIT_ID)),
    CALL_CENTRE_UNIT_ID: z.preprocess(emptyAsUndefined, z.string().trim().max(100).default(DEFAULT_CALL_CENTRE_UNIT_ID)),
    STATUS_API_KEYS: apiKeys,
    STATUS_MONTHLY_POST: flagDefaultOn,
    GUIDE_SPELLING_DICTIONARY: flagDefaultOn,
    ...retentionEnvFields,
    GUIDE_SEARCH_LOG_DAYS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a whole number of days' }).int('must be a whole number of days').min(1, 'must be at least 1').max(3650, 'must be at most 3650').default(90),
    ),
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    ),
    // Read by data/store/unit-checks.ts when it loads; here so that a wrong value stops the bot with a message.
    BROBYGGER_CHECK_UNITS: z.preprocess(emptyAsUndefined, z.enum(['0', '1'], { message: 'must be 1 (check every unit of work) or 0' }).optional()),
  })
  .superRefine((env, ctx) => {
    if (env.CONSENT_API_URL) {
      for (const name of ['CONSENT_API_CLIENT_ID', 'CONSENT_API_CLIENT_SECRET'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required with CONSENT_API_URL (the client credentials Digitalt Samtykke issued)' });
      }
      for (const name of ['CONSENT_API_URL', 'CONSENT_API_TOKEN_URL'] as const) {
        const url = env[name];
        if (url && url.startsWith('http:') && !/^http:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(url)) ctx.addIssue({ code: 'custom', path: [name], message: 'must use https (http only for 127.0.0.1 or localhost)' });
      }
    }
    if (env.LOCAL_MODE) {
      // Local mode accepts unauthenticated activities: never together with a real bot registration or in production.
      if (env.MicrosoftAppId) {
        ctx.addIssue({ code: 'custom', path: ['LOCAL_MODE'], message: 'cannot be true together with MicrosoftAppId (local mode accepts unauthenticated requests); unset one of them' });
      }
      if (env.NODE_ENV === 'production') {
        ctx.addIssue({ code: 'custom', path: ['LOCAL_MODE'], message: 'cannot be true when NODE_ENV=production (local mode accepts unauthenticated requests)' });
      }
      return;
    }
    if (!env.MicrosoftAppId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: CHOOSE_A_MODE });
      return;
    }
    if (!env.MicrosoftAppType) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppType'], message: 'is required with MicrosoftAppId: SingleTenant or UserAssignedMSI' });
    }
    if (!env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required with MicrosoftAppId (the tenant the bot is registered in)' });
    }
    if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppType=SingleTenant (the client secret)' });
    }
  });

export type Env = z.infer<typeof envSchema>;
