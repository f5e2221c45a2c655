const UNITS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, t: 3_600_000, d: 86_400_000 };

/** `90m`, `2h`, `1d`, `30s` → milliseconds; null when not a positive duration in those units. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|t|d)\s*$/i.exec(text);
  if (!match) return null;
  const ms = Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
  return ms > 0 ? ms : null;
}
