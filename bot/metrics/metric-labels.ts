/**
 * Every label value comes from one of these fixed lists, so no label can carry a CPR number, a name or any other
 * text a caller sent: an unexpected value is counted as 'other'.
 */
export const LOOKUP_RESULTS = ['shown', 'refused', 'invalid'] as const;
export type LookupResult = (typeof LOOKUP_RESULTS)[number];

export const EVENT_RESULTS = ['accepted', 'duplicate', 'unknown-citizen', 'invalid', 'unauthorized', 'backlog', 'busy', 'error'] as const;
export type EventResult = (typeof EVENT_RESULTS)[number];

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'dead'] as const;
export type OutboxMetricState = (typeof OUTBOX_STATES)[number];

/** The one label value outside a list. */
export const OTHER = 'other';

export function oneOf<T extends string>(allowed: readonly T[], value: string): T | typeof OTHER {
  return (allowed as readonly string[]).includes(value) ? (value as T) : OTHER;
}

/** A connector response's status: its three-digit HTTP code, 'network' when none came back. */
export function statusLabel(status: number | undefined): string {
  return status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'network';
}
