import type { ConsentRecord } from '../../data/repositories/consents.js';
import type { Logger } from '../log/logger.js';
import { RefusalLog } from '../log/refusal-log.js';
import type { ConsentPurpose } from '../../domain/consent/consent-purpose.js';
import { ConsentServiceError, type ConsentServiceFailure, type DigitaltSamtykkeClient } from './digitalt-samtykke-client.js';
import { FetchedConsentCache } from './fetched-consent-cache.js';

/** The longest a lookup waits for Digitalt Samtykke (token and answer together) before it goes on without it. */
export const CONSENT_API_DEADLINE_MS = 1000;
const FAILURE_LOG_WINDOW_MS = 60_000;

export type FetchedConsents = { records: ConsentRecord[] } | { failure: ConsentServiceFailure };

/**
 * Digitalt Samtykke for lookups: answers from the cache while fresh, otherwise asks the service with a hard deadline.
 * A failure is an answer too (never consent); each kind of failure is logged once a minute, the rest counted.
 */
export class DigitaltSamtykkeSource {
  private readonly cache: FetchedConsentCache;
  private readonly failureLog: RefusalLog;
  private readonly deadlineMs: number;

  constructor(
    private readonly client: DigitaltSamtykkeClient,
    private readonly log: Logger,
    options: { cacheMs: number; deadlineMs?: number; now?: () => number },
  ) {
    this.cache = new FetchedConsentCache(options.cacheMs, options.now);
    this.deadlineMs = options.deadlineMs ?? CONSENT_API_DEADLINE_MS;
    this.failureLog = new RefusalLog({ perWindow: 1, windowMs: FAILURE_LOG_WINDOW_MS, ...(options.now ? { now: options.now } : {}) });
  }

  async recordsFor(cpr: string, purpose: ConsentPurpose): Promise<FetchedConsents> {
    const key = `${purpose}:${cpr}`;
    const cached = this.cache.get(key);
    if (cached) return { records: cached };
    const deadline = AbortSignal.timeout(this.deadlineMs);
    try {
      const records = await Promise.race([this.client.consentsFor(cpr, purpose, deadline), whenAborted(deadline)]);
      this.cache.set(key, records);
      return { records };
    } catch (error) {
      const failure = error instanceof ConsentServiceError ? error : new ConsentServiceError(deadline.aborted ? 'timeout' : 'unreachable', String(error));
      this.failureLog.warn(this.log, { consentService: failure.kind, error: failure.message }, `Digitalt Samtykke gave no usable answer (${failure.kind}); lookups go on with the imported consents`);
      return { failure: failure.kind };
    }
  }
}

/** Rejects when the deadline passes, even if a request somewhere does not honour its abort signal. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new ConsentServiceError('timeout', `no answer within ${signal.reason instanceof Error ? signal.reason.message : 'the deadline'}`)), { once: true }));
}
