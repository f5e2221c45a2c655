import { CPR_FOR_REDACTION } from './cpr-pattern.js';
import { looksLikeCprDate } from './validate-cpr.js';

/** `0101901234` → `010190-xxxx`: the form shown wherever the full number is not needed. */
export function maskCpr(cpr: string): string {
  const compact = cpr.replace(/\D/g, '');
  return `${compact.slice(0, 6)}-xxxx`;
}

/** Replaces every CPR number in a text with its masked form. Used on every log line. */
export function redactCprInText(text: string): string {
  if (!/\d{6}/.test(text)) return text;
  return text.replace(CPR_FOR_REDACTION, (match, six: string) => (looksLikeCprDate(six) ? `${six}-xxxx` : match));
}
