import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { retryWhileBusy } from '../data/sql/retry-while-busy.js';
import { isBusyError } from '../data/sql/store-busy.js';
import type { Store } from '../data/store/store.js';
import { openConfiguredStore } from '../data/open-store.js';
import { databaseChoice } from './config/database-choice.js';
import { alertDeliveryHooks, type AlertSettings, escalateDueAlerts, routeUnroutedAlerts } from './alerts/module.js';
import { announcementDeliveryHooks, announcementReportEndpoint, AnnouncementScheduler, createAnnouncementEndpoint, ensureMonthlyStatusPost, statusPostMessage, statusPostRenderers, withdrawAnnouncementEndpoint } from './announcements/module.js';
import { startAuditChainHeadLog } from './audit/module.js';
import { startDailyRetention } from './retention/module.js';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../domain/calendar/opening-hours.js';
import { chatRoutes } from './compose/chat-routes.js';
import { digitaltSamtykkeFromConfig } from './compose/digitalt-samtykke-from-config.js';
import { consentSettings } from './consent/module.js';
import type { Config } from './config/load-config.js';
import { hooksByPurpose } from './delivery/hooks-by-purpose.js';
import { OutboxWorker } from './delivery/outbox-worker.js';
import { EVENT_TYPES, EventIntake, eventsEndpoint } from './events/module.js';
import { createServer, type Route } from './http/create-server.js';
import { healthRoutes } from './http/health-routes.js';
import { rememberedFor } from './http/remembered-answer.js';
import { hotlineRouteEndpoint, type HotlineSettings } from './hotline/module.js';
import { InFlight } from './http/in-flight.js';
import { statusEndpoint } from './status/module.js';
import type { Logger } from './log/logger.js';
import { createAdapter, type AuthEndpoints } from './teams/create-adapter.js';
import { messagesEndpoint } from './teams/messages-endpoint.js';
import { createProactiveSender } from './teams/proactive-sender.js';
import { createTurnHandler } from './teams/turn-handler.js';
import { mayMakeAChannelReachable } from './teams/channel-reachability.js';
import { markingDeliveryHooks } from './shared-citizen/module.js';
import { welcomeCard } from './welcome/module.js';
import { BrobyggerMetrics } from './metrics/brobygger-metrics.js';
import { listenForMetrics, type MetricsListener } from './metrics/metrics-server.js';

/** Bot Framework messages may be large (cards, long texts); a message over MAX_MESSAGE_LENGTH gets a polite answer. */
const MESSAGES_BODY_LIMIT = 4 * 1024 * 1024;
/** How long /readyz's answer about the store is reused. */
const READINESS_PROBE_MS = 1000;
/** How often unclaimed alerts are checked for reminders and escalation. */
const ESCALATION_CHECK_MS = 30_000;
/** How long start-up keeps trying to set up the monthly status post while another process holds the write lock. */
const STATUS_POST_DEADLINE_MS = 60 * 60_000;

export type Brobygger = {
  server: Server;
  store: Store;
  worker: OutboxWorker;
  scheduler: AnnouncementScheduler;
  alertSettings: AlertSettings;
  /** The operator's metrics (null when METRICS_PORT is unset). */
  metrics: BrobyggerMetrics | null;
  /** Where GET /metrics answers once listening (null when METRICS_PORT is unset). */
  metricsUrl(): string | null;
  /** Starts listening and the delivery worker; resolves with the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, waits for in-flight requests and sends (up to `graceMs`), closes the store. */
  shutdown(graceMs?: number): Promise<{ drained: boolean }>;
};

/** Wires config, store, the Bot Framework adapter, the delivery worker and the HTTP routes. */
export async function createBrobygger(options: {
  config: Config;
  log: Logger;
  store?: Store;
  authEndpoints?: AuthEndpoints;
  clock?: () => Date;
  /** How often the delivery worker looks without being woken (tests lengthen it to show that commits wake it). */
  deliveryPollMs?: number;
}): Promise<Brobygger> {
  const { config, log } = options;
  const clock = options.clock ?? (() => new Date());
  const store = options.store ?? await openConfiguredStore(
    databaseChoice(config),
    {
      onIdleClientError: (error) => log.warn({ err: error }, 'PostgreSQL: an idle connection was lost; the pool opens a new one'),
      onWakeConnection: (event) =>
        event.state === 'lost'
          ? log.warn({ err: event.error }, "PostgreSQL: the connection that hears other instances' commits was lost; reconnecting, polling meanwhile")
          : log.info("PostgreSQL: hearing other instances' commits again"),
      onWakeNotifyFailed: (error) => log.warn({ err: error }, 'PostgreSQL: could not wake the other instances after a write; they see it at their next poll'),
    },
  );
  const inFlight = new InFlight();
  let shuttingDown = false;
  let escalationTimer: NodeJS.Timeout | null = null;
  let chainHeadLog: { stop: () => void } | null = null;
  let dailyRetention: { stop: () => Promise<void> } | null = null;
  const metrics = config.METRICS_PORT === undefined ? null : new BrobyggerMetrics(store, clock);
  const adapter = createAdapter(config, log, options.authEndpoints, metrics ? (status) => metrics.connectorResponse(status) : undefined);
  let metricsListener: MetricsListener | null = null;
  // One consent source (and one cache of Digitalt Samtykke's answers) for lookups and alert cards alike.
  const consent = consentSettings(config.CONSENT_REQUIRED_FOR_SHARING, digitaltSamtykkeFromConfig(config, log));
  const alertSettings: AlertSettings = {
    dropNonShared: config.ALERT_DROP_NON_SHARED,
    fallbackUnitId: config.ALERT_FALLBACK_UNIT_ID,
    escalationPeriodMs: config.ALERT_ESCALATION_PERIOD,
    workingHours: workingHours(),
    consent,
  };
  const hotline: HotlineSettings = {
    openingHours: config.HOTLINE_OPENING_HOURS,
    hotlineUnitId: config.HOTLINE_UNIT_ID,
    callCentreUnitId: config.CALL_CENTRE_UNIT_ID,
  };
  const worker = new OutboxWorker({
    store,
    // The Bot Connector call gets half the lease: its outcome is recorded well before another instance may take the row over.
    sender: createProactiveSender(adapter, config.MicrosoftAppId ?? '', { loopbackOnly: config.localMode, timeoutMs: (config.OUTBOX_LEASE_SECONDS * 1000) / 2 }),
    hooks: hooksByPurpose({ ...announcementDeliveryHooks(statusPostRenderers()), ...markingDeliveryHooks() }, alertDeliveryHooks(alertSettings)),
    log: log.child({ component: 'delivery' }),
    clock,
    maxAgeMs: config.DELIVERY_MAX_AGE,
    leaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
    ...(options.deliveryPollMs ? { pollMs: options.deliveryPollMs } : {}),
  });
  const scheduler = new AnnouncementScheduler({ store, log: log.child({ component: 'announcements' }), clock, messageFor: { 'goal-status': statusPostMessage } });
  // Whatever committed outbox rows or announcement sends is acted on now, here or (PostgreSQL) in another instance;
  // polling stays for writes nobody was told of.
  const stopWaking = store.onCommitted((wrote) => {
    // wake() catches and logs its own failures.
    if (wrote.announcementSends) void scheduler.wake();
    if (wrote.outbox) worker.wake();
  });
  // An alert with no reachable channel goes out as soon as one is: a turn in a channel may have linked it or installed the bot.
  const routeUnrouted = async () => {
    try {
      await routeUnroutedAlerts(store, config.ALERT_FALLBACK_UNIT_ID, clock());
    } catch (error) {
      if (!isBusyError(error)) log.error({ err: error }, 'alerts without a channel could not be routed');
    }
  };
  const turn = createTurnHandler({
    store,
    log,
    allowedTenantIds: config.allowedTenantIds,
    localeOverride: config.LOCALE_OVERRIDE,
    clock,
    welcomeCard,
    routes: chatRoutes({ fallbackUnitId: config.ALERT_FALLBACK_UNIT_ID, hotline, consent, guideSearchLogDays: config.GUIDE_SEARCH_LOG_DAYS, ...(metrics ? { lookupCounted: metrics.lookup.bind(metrics) } : {}) }),
  });
  const logic: typeof turn = async (context) => {
    await turn(context);
    if (mayMakeAChannelReachable(context.activity)) await routeUnrouted();
  };
  // /readyz is unauthenticated and its write-lock probe takes the lock for an instant: at most once a second.
  const storeNotReadyReason = rememberedFor(READINESS_PROBE_MS, () => store.notReadyReason());
  const routes: Route[] = [
    ...healthRoutes(async () => (shuttingDown ? 'shutting down' : storeNotReadyReason())),
    {
      method: 'post',
      path: '/api/messages',
      rawBody: true,
      handler: messagesEndpoint(adapter, logic, log, {
        loopbackOnly: config.localMode,
        bodyLimitBytes: MESSAGES_BODY_LIMIT,
        ...(config.MicrosoftAppId ? { signedFor: { appId: config.MicrosoftAppId, metadataUrl: options.authEndpoints?.ToBotFromChannelOpenIdMetadataUrl } } : {}),
      }),
    },
  ];
  if (config.EVENTS_WEBHOOK_SECRETS) {
    const intake = new EventIntake(store, alertSettings);
    routes.push({ method: 'post', path: '/api/events', rawBody: true, handler: eventsEndpoint({ intake, secrets: config.EVENTS_WEBHOOK_SECRETS, backlog: { limit: config.ALERT_BACKLOG_LIMIT, pending: () => store.outbox.pendingAlertMessages() }, log, clock, ...(metrics ? { counted: (type: string | null, result: Parameters<BrobyggerMetrics['event']>[1]) => metrics.event(type, result, EVENT_TYPES) } : {}) }) });
  } else {
    log.warn('EVENTS_WEBHOOK_SECRETS is not set: POST /api/events is disabled');
  }
  if (config.HOTLINE_API_KEYS) {
    routes.push({ method: 'get', path: '/api/hotline/route', handler: hotlineRouteEndpoint({ store, settings: hotline, keys: config.HOTLINE_API_KEYS, log: log.child({ component: 'hotline' }), clock }) });
  } else {
    log.warn('HOTLINE_API_KEYS is not set: GET /api/hotline/route is disabled');
  }
  if (config.ANNOUNCEMENT_API_KEYS) {
    const deps = { store, keys: config.ANNOUNCEMENT_API_KEYS, log: log.child({ component: 'announcements' }), clock };
    routes.push(
      { method: 'post', path: '/api/announcements', handler: createAnnouncementEndpoint(deps) },
      { method: 'get', path: '/api/announcements/:id', handler: announcementReportEndpoint(deps) },
      { method: 'del', path: '/api/announcements/:id', handler: withdrawAnnouncementEndpoint(deps) },
    );
  } else {
    log.warn('ANNOUNCEMENT_API_KEYS is not set: /api/announcements is disabled');
  }
  if (config.STATUS_API_KEYS) {
    routes.push({ method: 'get', path: '/api/status', handler: statusEndpoint({ store, keys: config.STATUS_API_KEYS, log: log.child({ component: 'status' }), clock }) });
  } else {
    log.warn('STATUS_API_KEYS is not set: GET /api/status is disabled');
  }
  const server = createServer({ log, inFlight, routes, ...(metrics ? { observeDuration: metrics.requestDuration.bind(metrics) } : {}) });

  const checkEscalations = async () => {
    await routeUnrouted();
    try {
      const { reminded, escalated, busy } = await escalateDueAlerts(store, alertSettings, clock());
      if (reminded + escalated > 0) log.info({ reminded, escalated }, 'unclaimed alerts escalated');
      if (busy > 0) log.warn({ busy }, 'unclaimed alerts left to the next check: another instance or process was writing them');
    } catch (error) {
      if (isBusyError(error)) log.warn('escalation check skipped: the database write lock is held by another process; trying at the next check');
      else log.error({ err: error }, 'escalation check failed');
    }
  };
  const ensureStatusPost = async () => {
    if (await ensureMonthlyStatusPost(store, config.ALERT_FALLBACK_UNIT_ID, clock()) === null) log.warn('no specialist unit in the organisation data: the monthly status post is off');
  };

  return {
    server,
    store,
    worker,
    scheduler,
    alertSettings,
    metrics,
    metricsUrl: () => metricsListener?.url ?? null,
    listen: async (port, host = config.HOST) => {
      if (metrics && config.METRICS_PORT !== undefined) metricsListener = await listenForMetrics(metrics, config.METRICS_PORT, config.METRICS_HOST, log);
      return new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, async () => {
          const address = server.server.address() as AddressInfo;
          const { recovered } = await worker.start();
          if (config.STATUS_MONTHLY_POST) {
            try {
              await ensureStatusPost();
            } catch (error) {
              if (!isBusyError(error)) throw error;
              // Start does not wait for another process's write lock: the post is made once the lock is free.
              log.warn('the monthly status post is set up once the database write lock held by another process is released');
              retryWhileBusy(ensureStatusPost, { deadlineMs: STATUS_POST_DEADLINE_MS, maxDelayMs: 5000, keepTrying: () => !shuttingDown }).catch((retryError: unknown) => log.error({ err: retryError }, 'the monthly status post could not be set up'));
            }
          }
          await scheduler.start();
          if (recovered > 0) log.warn({ recovered }, 'sends interrupted by the last stop are sent again');
          escalationTimer = setInterval(checkEscalations, ESCALATION_CHECK_MS);
          escalationTimer.unref();
          chainHeadLog = startAuditChainHeadLog({ head: () => store.audit.chainHead(), log: log.child({ component: 'audit' }), clock });
          if (config.RETENTION_DAILY) {
            const periods = { auditMonths: config.AUDIT_RETENTION_MONTHS, citizenMonths: config.CITIZEN_RETENTION_MONTHS };
            dailyRetention = startDailyRetention({ store, periods, log: log.child({ component: 'retention' }), clock });
          }
          resolve(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`);
        });
      });
    },
    shutdown: async (graceMs = 25_000) => {
      shuttingDown = true;
      if (escalationTimer) clearInterval(escalationTimer);
      chainHeadLog?.stop();
      await dailyRetention?.stop();
      scheduler.stop();
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      const drained = await inFlight.idle(graceMs);
      server.server.closeAllConnections();
      await closed;
      await worker.stop();
      stopWaking();
      await metricsListener?.close();
      await store.close();
      return { drained };
    },
  };
}

function workingHours() {
  const parsed = parseOpeningHours(DEFAULT_OPENING_HOURS);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}
