import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../../data/store/store.js';
import { connectorStatusLabel, EVENT_RESULTS, LOOKUP_RESULTS, oneOf, OUTBOX_STATES, type EventResult, type LookupResult } from './metric-labels.js';

/** The seconds buckets of request durations: chat turns and webhooks take milliseconds, a busy store seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The operator's metrics, in a registry of their own per app (tests create many apps; prom-client's global registry
 * would refuse the second). Counters are counted as things happen; gauges that read the database are computed at
 * scrape time, each with one indexed query.
 */
export class BrobyggerMetrics {
  readonly registry = new Registry();
  private readonly lookups;
  private readonly events;
  private readonly connectorResponses;
  private readonly httpDuration;

  constructor(store: Store, clock: () => Date = () => new Date()) {
    const registers = [this.registry];
    const read = store.operations;
    collectDefaultMetrics({ register: this.registry });
    this.lookups = new Counter({ name: 'brobygger_lookups_total', help: 'Citizen lookups by result (shown, refused, invalid).', labelNames: ['result'], registers });
    this.events = new Counter({ name: 'brobygger_events_total', help: 'Events posted to /api/events by type and result.', labelNames: ['type', 'result'], registers });
    this.connectorResponses = new Counter({ name: 'brobygger_connector_responses_total', help: "Bot Connector answers to every call the bot makes, by HTTP status ('2xx', an error code, '4xx'/'5xx' for others, 'network': no answer).", labelNames: ['status'], registers });
    this.httpDuration = new Histogram({ name: 'brobygger_http_request_duration_seconds', help: 'Time to answer a request, by route.', labelNames: ['route'], buckets: DURATION_BUCKETS, registers });
    for (const result of LOOKUP_RESULTS) this.lookups.inc({ result }, 0);
    new Gauge({
      name: 'brobygger_outbox_messages',
      help: 'Outbox messages by state.',
      labelNames: ['state'],
      registers,
      async collect() {
        for (const state of OUTBOX_STATES) this.set({ state }, await read.outboxInState(state));
      },
    });
    new Gauge({
      name: 'brobygger_outbox_oldest_pending_seconds',
      help: 'Age of the oldest message waiting to be sent (0 when none waits).',
      registers,
      async collect() {
        const oldest = await read.oldestPendingCreatedAt();
        this.set(oldest ? Math.max(0, (clock().getTime() - Date.parse(oldest)) / 1000) : 0);
      },
    });
    new Gauge({
      name: 'brobygger_alerts_unrouted',
      help: 'Open alerts with no reachable channel (not even the fallback unit has the bot installed).',
      registers,
      async collect() {
        this.set(await read.unroutedAlerts());
      },
    });
    new Gauge({
      name: 'brobygger_alerts_unclaimed',
      help: 'Delivered alerts nobody has claimed or resolved yet.',
      registers,
      async collect() {
        this.set(await read.unclaimedAlerts());
      },
    });
    new Gauge({
      name: 'brobygger_import_last_success_timestamp_seconds',
      help: 'When the last import finished (Unix seconds; 0 when none has).',
      registers,
      async collect() {
        const at = await read.lastImportFinishedAt();
        this.set(at ? Date.parse(at) / 1000 : 0);
      },
    });
  }

  lookup(result: LookupResult): void {
    this.lookups.inc({ result: oneOf(LOOKUP_RESULTS, result) });
  }

  /** `type` is counted only when it is one of `knownTypes` (an invalid event's type is the caller's text). */
  event(type: string | null, result: EventResult, knownTypes: readonly string[]): void {
    this.events.inc({ type: type && knownTypes.includes(type) ? type : 'unknown', result: oneOf(EVENT_RESULTS, result) });
  }

  /** One HTTP answer from the Bot Connector, whatever asked; undefined: none came. */
  connectorResponse(status: number | undefined): void {
    this.connectorResponses.inc({ status: connectorStatusLabel(status) });
  }

  /** `route` is a route's path template (`/api/announcements/:id`), never the request's path. */
  requestDuration(route: string, seconds: number): void {
    this.httpDuration.observe({ route }, seconds);
  }
}
