import { findCprNumbers, type CprSpan } from './find-cpr.js';

/** `0101901234` → `010190-xxxx`: the form shown wherever the full number is not needed. */
export function maskCpr(cpr: string): string {
  const compact = cpr.replace(/\D/g, '');
  return `${compact.slice(0, 6)}-xxxx`;
}

/**
 * Replaces each CPR number findCprNumbers finds with what `replace` returns for it (by default the masked form),
 * exactly over the characters that spelled it; the rest of the text is left as it was.
 */
export function replaceCprNumbers(text: string, replace: (span: CprSpan, masked: string) => string = (_, masked) => masked): string {
  const spans = findCprNumbers(text);
  if (spans.length === 0) return text;
  let result = '';
  let from = 0;
  for (const span of spans) {
    result += text.slice(from, span.start) + replace(span, maskCpr(span.digits));
    from = span.end;
  }
  return result + text.slice(from);
}

/** Replaces every CPR number in a text with its masked form. Used on every log line and on what the CLI prints. */
export function redactCprInText(text: string): string {
  return replaceCprNumbers(text);
}
