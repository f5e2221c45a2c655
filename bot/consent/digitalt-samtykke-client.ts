import type { ConsentRecord } from '../../data/repositories/consents.js';
import type { ConsentPurpose } from '../../domain/consent/consent-purpose.js';
import { CONSENT_SEARCH_PATH, TEMPLATE_FOR_PURPOSE, TOKEN_SCOPE, consentSearchResponseSchema, recordFromApi, tokenResponseSchema } from './digitalt-samtykke-api.js';

/** Why Digitalt Samtykke gave no usable answer; each kind is logged on its own. */
export type ConsentServiceFailure = 'timeout' | 'unreachable' | 'server-error' | 'refused' | 'malformed' | 'token';

export class ConsentServiceError extends Error {
  constructor(
    readonly kind: ConsentServiceFailure,
    detail: string,
  ) {
    super(`Digitalt Samtykke: ${kind}: ${detail}`);
  }
}

export type DigitaltSamtykkeOptions = {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  now?: () => number;
};

/** A token is renewed this long before it runs out, so it does not expire on its way to the service. */
const TOKEN_MARGIN_MS = 30_000;

/** Reads a citizen's consents from Digitalt Samtykke (the model in digitalt-samtykke-api.ts). */
export class DigitaltSamtykkeClient {
  private token: { value: string; until: number } | null = null;
  private readonly now: () => number;

  constructor(private readonly options: DigitaltSamtykkeOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The citizen's consents for the purpose; throws ConsentServiceError. `signal` is the caller's deadline. */
  async consentsFor(cpr: string, purpose: ConsentPurpose, signal: AbortSignal): Promise<ConsentRecord[]> {
    const token = await this.bearerToken(signal);
    const response = await this.send(new URL(CONSENT_SEARCH_PATH.slice(1), withSlash(this.options.baseUrl)), signal, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ cpr, template: TEMPLATE_FOR_PURPOSE[purpose] }),
    });
    if (response.status === 401) this.token = null;
    if (response.status >= 500) throw new ConsentServiceError('server-error', `HTTP ${response.status}`);
    if (!response.ok) throw new ConsentServiceError('refused', `HTTP ${response.status}`);
    const parsed = consentSearchResponseSchema.safeParse(await readJson(response, 'malformed'));
    if (!parsed.success) throw new ConsentServiceError('malformed', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'answer'}: ${issue.message}`).join('; '));
    return parsed.data.consents.filter((consent) => consent.template === TEMPLATE_FOR_PURPOSE[purpose]).map((consent) => recordFromApi(consent, purpose));
  }

  private async bearerToken(signal: AbortSignal): Promise<string> {
    if (this.token && this.token.until > this.now()) return this.token.value;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: this.options.clientSecret, scope: TOKEN_SCOPE });
    const response = await this.send(new URL(this.options.tokenUrl), signal, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form });
    if (!response.ok) throw new ConsentServiceError('token', `token endpoint answered HTTP ${response.status}`);
    const parsed = tokenResponseSchema.safeParse(await readJson(response, 'token'));
    if (!parsed.success) throw new ConsentServiceError('token', 'token endpoint answered without a bearer token');
    this.token = { value: parsed.data.access_token, until: this.now() + parsed.data.expires_in * 1000 - TOKEN_MARGIN_MS };
    return this.token.value;
  }

  private async send(url: URL, signal: AbortSignal, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal, redirect: 'error' });
    } catch (error) {
      throw asServiceError(error, signal);
    }
  }
}

async function readJson(response: Response, kind: ConsentServiceFailure): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw new ConsentServiceError('timeout', 'no complete answer in time');
    throw new ConsentServiceError(kind, 'the answer is not JSON');
  }
}

function asServiceError(error: unknown, signal: AbortSignal): ConsentServiceError {
  if (signal.aborted) return new ConsentServiceError('timeout', 'no answer in time');
  return new ConsentServiceError('unreachable', error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
}

/** The URL with a trailing slash, so that a relative path resolves below it rather than beside its last segment. */
export const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
