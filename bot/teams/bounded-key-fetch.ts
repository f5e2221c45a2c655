import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor.js';
import type { Logger } from '../log/logger.js';
import { SigningKeys } from './signing-keys.js';

/** The internals of botframework-connector 4.23 that choose the key store for a metadata URL (one per URL, process-wide). */
type KeyStoreRegistry = {
  getOrAddOpenIdMetadata: (url: string, proxySettings?: unknown, tokenRefreshIntervalHours?: number) => unknown;
  openIdMetadataCache: Map<string, unknown>;
};

let settings: { log: Logger; timeoutMs?: number; retryAfterMs?: number } | null = null;

/**
 * Makes every Bot Framework token validation in this process fetch its signing keys through `SigningKeys` (a
 * deadline, one shared fetch, a pause after a failure) instead of botframework-connector's OpenIdMetadata, whose
 * fetch has no timeout and is repeated by every request that waits for it. The connector keeps one key store per
 * metadata URL for the whole process, so this is process-wide; the latest call's logger is used for new stores.
 */
export function boundSigningKeyFetches(options: { log: Logger; timeoutMs?: number; retryAfterMs?: number }): void {
  const registry = JwtTokenExtractor as unknown as KeyStoreRegistry;
  if (typeof registry.getOrAddOpenIdMetadata !== 'function' || !(registry.openIdMetadataCache instanceof Map)) {
    throw new Error('botframework-connector no longer has JwtTokenExtractor.getOrAddOpenIdMetadata: review bot/teams/bounded-key-fetch.ts before upgrading');
  }
  const firstCall = settings === null;
  settings = options;
  if (!firstCall) return;
  registry.getOrAddOpenIdMetadata = (url, _proxySettings, tokenRefreshIntervalHours = 24) => {
    const existing = registry.openIdMetadataCache.get(url);
    if (existing instanceof SigningKeys) return existing;
    const keys = new SigningKeys(url, { ...settings!, refreshIntervalMs: tokenRefreshIntervalHours * 60 * 60_000 });
    registry.openIdMetadataCache.set(url, keys);
    return keys;
  };
}

/**
 * The key store botbuilder's token validation uses for `url` (one per URL, process-wide): a SigningKeys once
 * boundSigningKeyFetches has run.
 */
export function keyStoreFor(url: string): Pick<SigningKeys, 'getKey'> {
  return (JwtTokenExtractor as unknown as KeyStoreRegistry).getOrAddOpenIdMetadata(url) as Pick<SigningKeys, 'getKey'>;
}
