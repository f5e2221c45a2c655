export type PhoneParse = { ok: true; e164: string } | { ok: false };

/**
 * Danish numbers in any common spelling (`+45 33 66 33 66`, `0045-33663366`, `33 66 33 66`) → `+4533663366`.
 * Foreign numbers must carry their country code (`+46…` or `0046…`).
 */
export function normalisePhone(raw: string): PhoneParse {
  const trimmed = raw.trim();
  if (!/^[+\d\s\-().]+$/.test(trimmed)) return { ok: false };
  let digits = trimmed.replace(/[\s\-().]/g, '');
  if (digits.lastIndexOf('+') > 0) return { ok: false };
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (digits.startsWith('+')) {
    const rest = digits.slice(1);
    if (!/^\d+$/.test(rest)) return { ok: false };
    if (rest.startsWith('45')) return rest.length === 10 ? { ok: true, e164: `+${rest}` } : { ok: false };
    return rest.length >= 8 && rest.length <= 15 ? { ok: true, e164: `+${rest}` } : { ok: false };
  }
  return /^\d{8}$/.test(digits) ? { ok: true, e164: `+45${digits}` } : { ok: false };
}

/** Between a number's digit groups: a card narrower than the line must not break a number in two ("33 00 / 50 01"). */
const NO_BREAK_SPACE = '\u00a0';

/**
 * `+4533663366` → `33 66 33 66` for showing, with no-break spaces between the pairs; other countries keep their
 * prefix. Links (`tel:`) take the E.164 form, not this.
 */
export function formatPhone(e164: string): string {
  if (e164.startsWith('+45') && e164.length === 11) {
    const n = e164.slice(3);
    return [n.slice(0, 2), n.slice(2, 4), n.slice(4, 6), n.slice(6, 8)].join(NO_BREAK_SPACE);
  }
  return e164;
}
