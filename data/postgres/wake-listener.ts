import pg from 'pg';
import type { Wrote } from '../sql/commit-signal.js';
import { othersWrote, WAKE_CHANNEL } from './wake-channel.js';

/** The listening connection was lost (told once per outage), or is listening again after one. */
export type WakeConnectionEvent = { state: 'lost'; error: Error } | { state: 'recovered' };

export type WakeListenerOptions = {
  url: string;
  /** This instance's id in the payloads: its own notifications are not heard again. */
  self: string;
  /** Another instance committed writes someone here may be waiting for. */
  onWake: (wrote: Wrote) => void;
  onConnection: (event: WakeConnectionEvent) => void;
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** How often the connection is asked `SELECT 1`, and how long an answer may take before it counts as lost. */
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
};

/** After an outage notifications may have been missed: everyone looks once. */
const EVERYTHING: Wrote = { outbox: true, announcementSends: true };

/**
 * LISTENs on the wake channel on one connection of its own, outside the store's pool (so each instance holds
 * DATABASE_POOL_SIZE + 1 connections). When the connection drops it reconnects with backoff, says so once when lost
 * and once when listening again, and then wakes every listener, since what was notified meanwhile is gone. A
 * heartbeat finds a connection that died without a word (a dropped network path): no answer in time counts as lost.
 * Polling stays the safety net for everything this misses.
 */
export class WakeListener {
  private client: pg.Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;
  private lost = false;
  private retryMs: number;

  constructor(private readonly options: WakeListenerOptions) {
    this.retryMs = options.firstRetryMs ?? 250;
  }

  /** The first attempt: resolves once listening, or once it failed (then it keeps trying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    // TCP keepalive after 30 s idle: a connection that only listens is idle for long, and NAT or load balancers (Azure's
    // drop idle flows after about 4 minutes) would otherwise end it without either side hearing of it.
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'brobygger-wake', keepAlive: true, keepAliveInitialDelayMillis: 30_000 });
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      if (this.client === client) {
        this.client = null;
        if (this.heartbeat) clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
      client.end().catch(() => undefined);
      this.dropped(error);
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('the listening connection to PostgreSQL ended')));
    client.on('notification', (message) => {
      if (message.channel !== WAKE_CHANNEL) return;
      const wrote = othersWrote(message.payload, this.options.self);
      if (wrote) this.options.onWake(wrote);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${WAKE_CHANNEL}`);
    } catch (error) {
      fail(error as Error);
      return;
    }
    if (failed) return;
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.heartbeat = setInterval(() => this.ping(client, fail), this.options.heartbeatMs ?? 60_000);
    this.heartbeat.unref();
    this.retryMs = this.options.firstRetryMs ?? 250;
    if (this.lost) {
      this.lost = false;
      this.options.onConnection({ state: 'recovered' });
      this.options.onWake(EVERYTHING);
    }
  }

  private ping(client: pg.Client, fail: (error: Error) => void): void {
    const timeoutMs = this.options.heartbeatTimeoutMs ?? 10_000;
    const timer = setTimeout(() => fail(new Error(`PostgreSQL did not answer on the listening connection within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    void client.query('SELECT 1').then(
      () => clearTimeout(timer),
      (error: unknown) => {
        clearTimeout(timer);
        fail(error as Error);
      },
    );
  }

  private dropped(error: Error): void {
    if (this.closed) return;
    if (!this.lost) {
      this.lost = true;
      this.options.onConnection({ state: 'lost', error });
    }
    if (this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
