import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';

/** How long one fetch of the OpenID metadata and its key set may take, both requests together. */
export const KEY_FETCH_TIMEOUT_MS = 5_000;
/** After a failed fetch, activities are refused at once (503) for this long; then the next one tries again. */
export const KEY_RETRY_AFTER_MS = 10_000;
/** A token whose key id is not in the set makes us fetch again at most this often (as botframework-connector does). */
const UNKNOWN_KEY_REFETCH_MS = 60 * 60_000;

/** The keys could not be fetched (or the last attempt failed moments ago): fail closed, and say when to retry. */
export class SigningKeysUnavailable extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the Bot Framework signing keys could not be fetched');
    this.name = 'SigningKeysUnavailable';
  }
}

const metadataSchema = z.looseObject({ jwks_uri: z.url() });
const keySetSchema = z.looseObject({
  keys: z.array(z.looseObject({ kid: z.string().optional(), n: z.string().optional(), e: z.string().optional(), endorsements: z.array(z.string()).optional() })),
});
type Jwk = z.infer<typeof keySetSchema>['keys'][number];

/** What botframework-connector's token validation needs of a key: a PEM and the channels that endorse it. */
export type SigningKey = { key: string; endorsements: string[] | undefined };

export type SigningKeysOptions = { log: Logger; refreshIntervalMs: number; timeoutMs?: number; retryAfterMs?: number };

/**
 * Stands in for botframework-connector's OpenIdMetadata (token validation calls only `getKey`), with the same
 * caching rules (the set is refreshed after `refreshIntervalMs`, and when a token names an unknown key at most once
 * an hour), but a key fetch that cannot hang: one deadline over both requests, one fetch in flight shared by every
 * request that waits for it, and after a failure a pause in which requests are refused at once instead of each
 * opening another connection to an endpoint that is down. One warn line per failed fetch, never per request.
 */
export class SigningKeys {
  private keys = new Map<string | undefined, SigningKey | null>();
  private fetchedAt = -Infinity;
  private failedAt = -Infinity;
  private inFlight: Promise<void> | null = null;

  constructor(
    readonly url: string,
    private readonly options: SigningKeysOptions,
  ) {}

  async getKey(keyId: string | undefined): Promise<SigningKey | null> {
    const age = Date.now() - this.fetchedAt;
    if (age > this.options.refreshIntervalMs || (!this.keys.has(keyId) && age > UNKNOWN_KEY_REFETCH_MS)) await this.refresh();
    return this.keys.get(keyId) ?? null;
  }

  private refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const retryAfterMs = this.options.retryAfterMs ?? KEY_RETRY_AFTER_MS;
    const sinceFailure = Date.now() - this.failedAt;
    if (sinceFailure < retryAfterMs) return Promise.reject(new SigningKeysUnavailable(Math.ceil((retryAfterMs - sinceFailure) / 1000)));
    this.inFlight = this.fetchKeys()
      .then(
        (keys) => {
          this.keys = new Map(keys.map((jwk) => [jwk.kid, toSigningKey(jwk)]));
          this.fetchedAt = Date.now();
          this.failedAt = -Infinity;
        },
        async (error: unknown) => {
          this.failedAt = Date.now();
          const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
          this.options.log.warn(
            { url: this.url, reason: reasonOf(error), retryAfterSeconds },
            'the Bot Framework signing keys could not be fetched: activities are refused with 503 until a fetch succeeds',
          );
          throw new SigningKeysUnavailable(retryAfterSeconds);
        },
      )
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<Jwk[]> {
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? KEY_FETCH_TIMEOUT_MS);
    const metadata = metadataSchema.parse(await getJson(this.url, signal));
    return keySetSchema.parse(await getJson(metadata.jwks_uri, signal)).keys;
  }
}

async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${new URL(url).host} answered ${response.status}`);
  return response.json();
}

/** An RSA key as PEM; null (the token is refused) for a key of another type or one that does not parse. */
function toSigningKey(jwk: Jwk): SigningKey | null {
  if (!jwk.n || !jwk.e) return null;
  try {
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    return { key: key.toString(), endorsements: jwk.endorsements };
  } catch {
    return null;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer within the deadline';
  if (error instanceof z.ZodError) return 'the answer is not OpenID metadata or a key set';
  return error instanceof Error ? error.message : String(error);
}
