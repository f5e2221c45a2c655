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

/** Bot Connector answers an operator acts on differently (Teams' documented errors), counted by their exact code. */
const CONNECTOR_EXACT_STATUSES = [400, 401, 403, 404, 405, 408, 409, 412, 413, 429, 500, 502, 503, 504] as const;

/**
 * A Bot Connector answer's label: any success '2xx', an error from the fixed list by its code, any other by its class
 * ('3xx', '4xx', '5xx'), 'network' when none came back, 'other' for a status outside HTTP's range.
 */
export function connectorStatusLabel(status: number | undefined): string {
  if (status === undefined) return 'network';
  if (!Number.isInteger(status) || status < 200 || status > 599) return OTHER;
  if ((CONNECTOR_EXACT_STATUSES as readonly number[]).includes(status)) return String(status);
  return `${Math.floor(status / 100)}xx`;
}
