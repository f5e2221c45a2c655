import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../bot/config/load-config.js';

const APP = '11111111-2222-4333-8444-555555555555';
const TENANT = '66666666-7777-4888-9999-000000000000';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('refuses to start with neither a bot registration nor LOCAL_MODE=true, in one line saying what to set', () => {
    expect(problems({})).toEqual([
      'MicrosoftAppId: is not set: set MicrosoftAppId, MicrosoftAppType and MicrosoftAppTenantId (production), or LOCAL_MODE=true for the Agents Playground and tests',
    ]);
    expect(problems({ LOCAL_MODE: 'false' })).toHaveLength(1);
  });

  it('runs in local mode only when asked, on loopback unless HOST says otherwise', () => {
    expect(loadConfig({ LOCAL_MODE: 'true' })).toMatchObject({ PORT: 3978, HOST: '127.0.0.1', DATABASE_PATH: 'var/brobygger.sqlite', LOG_LEVEL: 'info', localMode: true, allowedTenantIds: undefined });
    expect(loadConfig({ LOCAL_MODE: 'true', HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    const production = loadConfig({ MicrosoftAppId: APP, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT });
    expect(production).toMatchObject({ HOST: '0.0.0.0', localMode: false });
  });

  it('refuses LOCAL_MODE=true together with MicrosoftAppId or NODE_ENV=production', () => {
    expect(problems({ LOCAL_MODE: 'true', MicrosoftAppId: APP, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT })).toEqual([
      'LOCAL_MODE (got "true"): cannot be true together with MicrosoftAppId (local mode accepts unauthenticated requests); unset one of them',
    ]);
    expect(problems({ LOCAL_MODE: 'true', NODE_ENV: 'production' })).toEqual([
      'LOCAL_MODE (got "true"): cannot be true when NODE_ENV=production (local mode accepts unauthenticated requests)',
    ]);
  });

  it('gives one clear line per bad variable', () => {
    const found = problems({ PORT: 'abc', LOG_LEVEL: 'loud', ALLOWED_TENANT_IDS: 'x, y', MicrosoftAppId: 'not-a-guid' });
    expect(found).toHaveLength(4);
    expect(found).toEqual(
      expect.arrayContaining([
        'PORT (got "abc"): must be a port number (0–65535)',
        'LOG_LEVEL (got "loud"): must be one of fatal, error, warn, info, debug, trace, silent',
        'ALLOWED_TENANT_IDS (got "x, y"): comma-separated tenant GUIDs expected; not a GUID: "x", "y"',
        'MicrosoftAppId (got "not-a-guid"): must be a GUID such as 00000000-0000-0000-0000-000000000000',
      ]),
    );
  });

  it('takes BROBYGGER_CHECK_UNITS as 1 or 0 (unset: off) and refuses anything else with a line saying so', () => {
    expect(loadConfig({ LOCAL_MODE: 'true', BROBYGGER_CHECK_UNITS: '1' }).BROBYGGER_CHECK_UNITS).toBe('1');
    expect(loadConfig({ LOCAL_MODE: 'true' }).BROBYGGER_CHECK_UNITS).toBeUndefined();
    expect(problems({ LOCAL_MODE: 'true', BROBYGGER_CHECK_UNITS: 'yes' })).toEqual(['BROBYGGER_CHECK_UNITS (got "yes"): must be 1 (check every unit of work) or 0']);
  });

  it('keeps guide searches GUIDE_SEARCH_LOG_DAYS days (default 90), a whole number from 1 to 3650', () => {
    expect(loadConfig({ LOCAL_MODE: 'true' }).GUIDE_SEARCH_LOG_DAYS).toBe(90);
    expect(loadConfig({ LOCAL_MODE: 'true', GUIDE_SEARCH_LOG_DAYS: '30' }).GUIDE_SEARCH_LOG_DAYS).toBe(30);
    expect(problems({ LOCAL_MODE: 'true', GUIDE_SEARCH_LOG_DAYS: '0' })).toEqual(['GUIDE_SEARCH_LOG_DAYS (got "0"): must be at least 1']);
    expect(problems({ LOCAL_MODE: 'true', GUIDE_SEARCH_LOG_DAYS: '1.5' })).toEqual(['GUIDE_SEARCH_LOG_DAYS (got "1.5"): must be a whole number of days']);
    expect(problems({ LOCAL_MODE: 'true', GUIDE_SEARCH_LOG_DAYS: 'tre' })).toEqual(['GUIDE_SEARCH_LOG_DAYS (got "tre"): must be a whole number of days']);
  });

  it('leases an outbox message for OUTBOX_LEASE_SECONDS (default 60), a whole number from 5 to 3600', () => {
    expect(loadConfig({ LOCAL_MODE: 'true' }).OUTBOX_LEASE_SECONDS).toBe(60);
    expect(loadConfig({ LOCAL_MODE: 'true', OUTBOX_LEASE_SECONDS: '30' }).OUTBOX_LEASE_SECONDS).toBe(30);
    expect(problems({ LOCAL_MODE: 'true', OUTBOX_LEASE_SECONDS: '4' })).toEqual(['OUTBOX_LEASE_SECONDS (got "4"): must be at least 5']);
    expect(problems({ LOCAL_MODE: 'true', OUTBOX_LEASE_SECONDS: 'et minut' })).toEqual(['OUTBOX_LEASE_SECONDS (got "et minut"): must be a whole number of seconds']);
  });

  it('requires consent for sharing only when CONSENT_REQUIRED_FOR_SHARING=true (default false), and refuses other words', () => {
    expect(loadConfig({ LOCAL_MODE: 'true' }).CONSENT_REQUIRED_FOR_SHARING).toBe(false);
    expect(loadConfig({ LOCAL_MODE: 'true', CONSENT_REQUIRED_FOR_SHARING: 'true' }).CONSENT_REQUIRED_FOR_SHARING).toBe(true);
    expect(problems({ LOCAL_MODE: 'true', CONSENT_REQUIRED_FOR_SHARING: 'ja' })).toEqual([expect.stringMatching(/^CONSENT_REQUIRED_FOR_SHARING \(got "ja"\): /)]);
  });

  it('refuses MultiTenant, which can no longer be registered', () => {
    expect(problems({ MicrosoftAppId: APP, MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 's' })[0]).toMatch(/^MicrosoftAppType \(got "MultiTenant"\): MultiTenant is not allowed/);
  });

  it('refuses to run unauthenticated in production', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^MicrosoftAppId: is not set: set MicrosoftAppId, /)]);
  });

  it('requires what each app type needs, and never echoes the password', () => {
    expect(problems({ MicrosoftAppId: APP, MicrosoftAppType: 'SingleTenant' })).toEqual([
      'MicrosoftAppTenantId: is required with MicrosoftAppId (the tenant the bot is registered in)',
      'MicrosoftAppPassword: is required when MicrosoftAppType=SingleTenant (the client secret)',
    ]);
    expect(problems({ MicrosoftAppId: APP, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT })).toEqual([]);
  });

  it('limits answers to the bot tenant unless ALLOWED_TENANT_IDS says otherwise', () => {
    expect(loadConfig({ MicrosoftAppId: APP, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT }).allowedTenantIds).toEqual([TENANT]);
    const other = '12345678-1234-4234-8234-123456789012';
    expect(loadConfig({ LOCAL_MODE: 'true', ALLOWED_TENANT_IDS: `${TENANT}, ${other}` }).allowedTenantIds).toEqual([TENANT, other]);
  });

  it('lower-cases tenant ids, so an upper-case one in the configuration does not drop all traffic', () => {
    expect(loadConfig({ MicrosoftAppId: APP, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'ABCDEF12-7777-4888-9999-00000000000A' }).allowedTenantIds).toEqual(['abcdef12-7777-4888-9999-00000000000a']);
    expect(loadConfig({ LOCAL_MODE: 'true', ALLOWED_TENANT_IDS: 'FEDCBA98-1234-4234-8234-12345678901B, abcdef12-1234-4234-8234-12345678901c' }).allowedTenantIds).toEqual([
      'fedcba98-1234-4234-8234-12345678901b',
      'abcdef12-1234-4234-8234-12345678901c',
    ]);
  });

  it('reads STATUS_API_KEYS like HOTLINE_API_KEYS: several keys, each long enough, never echoed', () => {
    expect(loadConfig({ LOCAL_MODE: 'true', STATUS_API_KEYS: 'status-key-aaaaaaaaaaaaaaaaaaaa, status-key-bbbbbbbbbbbbbbbbbbbb' }).STATUS_API_KEYS).toEqual([
      'status-key-aaaaaaaaaaaaaaaaaaaa',
      'status-key-bbbbbbbbbbbbbbbbbbbb',
    ]);
    expect(loadConfig({ LOCAL_MODE: 'true' }).STATUS_API_KEYS).toBeUndefined();
    expect(problems({ LOCAL_MODE: 'true', STATUS_API_KEYS: 'status-key-aaaaaaaaaaaaaaaaaaaa,too-short-secret' })).toEqual([
      'STATUS_API_KEYS: each key must be at least 24 characters without spaces (e.g. from "openssl rand -base64 32"); key number 2 is not',
    ]);
  });
});
