import type { Config } from '../config/load-config.js';
import { ok, warning, type Finding } from './finding.js';

/** Accepted from 16 bytes (the configuration's floor); Standard Webhooks recommends 24–64, so below 32 is worth a word. */
const STRONG_WEBHOOK_KEY_BYTES = 32;
/** Accepted from 24 characters; `openssl rand -base64 32` gives 44. */
const STRONG_API_KEY_LENGTH = 32;

/** Secrets that are valid but weaker than they should be (the configuration already refuses what is unusable). */
export function environmentChecks(config: Config): Finding[] {
  const findings: Finding[] = [];
  const secrets = config.EVENTS_WEBHOOK_SECRETS;
  if (!secrets?.length) {
    findings.push(warning('webhook-secret', 'EVENTS_WEBHOOK_SECRETS er ikke sat: /api/events tager ikke imod hændelser, så der kommer ingen adviser. Sæt den til whsec_ og mindst 32 base64-kodede bytes (fx "whsec_$(openssl rand -base64 32)").'));
  } else {
    const weak = secrets.map((secret, index) => (secret.key.length < STRONG_WEBHOOK_KEY_BYTES ? index + 1 : null)).filter((index) => index !== null);
    findings.push(
      weak.length > 0
        ? warning('webhook-secret', `EVENTS_WEBHOOK_SECRETS: hemmelighed nr. ${weak.join(', ')} er kortere end ${STRONG_WEBHOOK_KEY_BYTES} bytes. Lav en ny med "whsec_$(openssl rand -base64 32)", sæt den ind ved siden af den gamle, og fjern den gamle, når afsenderen bruger den nye.`)
        : ok('webhook-secret', `EVENTS_WEBHOOK_SECRETS: ${secrets.length} hemmelighed${secrets.length === 1 ? '' : 'er'} på mindst ${STRONG_WEBHOOK_KEY_BYTES} bytes.`),
    );
  }
  for (const name of ['HOTLINE_API_KEYS', 'ANNOUNCEMENT_API_KEYS', 'STATUS_API_KEYS'] as const) {
    const keys = config[name];
    if (!keys?.length) continue;
    const short = keys.map((key, index) => (key.length < STRONG_API_KEY_LENGTH ? index + 1 : null)).filter((index) => index !== null);
    findings.push(
      short.length > 0
        ? warning('api-key-length', `${name}: nøgle nr. ${short.join(', ')} er kortere end ${STRONG_API_KEY_LENGTH} tegn. Lav en ny med "openssl rand -base64 32", giv den til klienten, og fjern den gamle bagefter.`)
        : ok('api-key-length', `${name}: ${keys.length} nøgle${keys.length === 1 ? '' : 'r'} på mindst ${STRONG_API_KEY_LENGTH} tegn.`),
    );
  }
  return findings;
}
