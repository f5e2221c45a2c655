import type { ConsentRecord } from '../../data/repositories/consents.js';

/** Citizens whose fetched consents are kept at most; the oldest entry gives way first. */
const MAX_ENTRIES = 10_000;

/**
 * Consents fetched from Digitalt Samtykke, kept for `ttlMs` in memory only (never written to disk, so the service
 * stays the record). Each record carries its own validity (given, expiry, withdrawal), which consentState applies
 * on every lookup; the time to live bounds how late a withdrawal made in Digitalt Samtykke is seen.
 */
export class FetchedConsentCache {
  private readonly entries = new Map<string, { records: ConsentRecord[]; fetchedAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): ConsentRecord[] | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (this.now() - entry.fetchedAt >= this.ttlMs) {
      this.entries.delete(key);
      return null;
    }
    return entry.records;
  }

  set(key: string, records: ConsentRecord[]): void {
    this.entries.delete(key);
    this.entries.set(key, { records, fetchedAt: this.now() });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
