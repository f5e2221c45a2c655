import type { Announcement } from '../../data/repositories/announcements.js';
import { isBusyError } from '../../data/sql/store-busy.js';
import type { Store } from '../../data/store/store.js';
import type { Logger } from '../log/logger.js';
import { fanOutDueSends, type FanOutResult, type SendMessage } from './fan-out.js';

/** The longest the scheduler sleeps, so a changed system clock or a send added by another process is noticed. */
const MAX_SLEEP_MS = 60_000;
/** After a failed fan-out or read: look again this much later. */
const ERROR_RETRY_MS = 5000;
const BUSY = 'announcement fan-out waits: the database write lock is held by another process, or another instance is at the same send; trying again shortly';

/**
 * Runs due announcement sends (one-off, recurring and the monthly status post). Everything it needs is in the
 * store, so after a restart it simply finds what fell due while the bot was down and sends it once, late.
 */
export class AnnouncementScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly options: {
      store: Store;
      log: Logger;
      clock: () => Date;
      messageFor?: Partial<Record<Announcement['kind'], SendMessage>>;
    },
  ) {}

  async start(): Promise<void> {
    this.running = true;
    await this.wake();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Something was scheduled or fell due: look now. */
  async wake(): Promise<void> {
    if (!this.running) return;
    await this.tick();
  }

  /** Fans out what is due and sleeps until the next send. */
  async tick(): Promise<FanOutResult> {
    const { store, log, clock } = this.options;
    let result: FanOutResult = { sends: 0, messages: 0, withoutConversation: 0, busy: 0 };
    let retryMs = 50;
    try {
      result = await fanOutDueSends(store, clock(), this.options.messageFor);
      if (result.sends > 0) {
        log.info(result, 'announcements sent to the outbox');
      }
      if (result.busy > 0) {
        log.warn({ busy: result.busy }, BUSY);
        retryMs = ERROR_RETRY_MS;
      }
    } catch (error) {
      if (isBusyError(error)) log.warn(BUSY);
      else log.error({ err: error }, 'announcement fan-out failed; trying again shortly');
      retryMs = ERROR_RETRY_MS;
    }
    await this.sleep(retryMs);
    return result;
  }

  private async sleep(minimumMs: number): Promise<void> {
    if (!this.running) return;
    const next = await this.options.store.announcements.nextDueAt().catch((error: unknown) => {
      this.options.log.error({ err: error }, 'the next announcement send could not be read; looking again shortly');
      return new Date(this.options.clock().getTime() + ERROR_RETRY_MS);
    });
    // Checked after the read: a wake while it was under way has set its own timer, and stop() may have come meanwhile.
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = next ? Math.min(MAX_SLEEP_MS, Math.max(minimumMs, next.getTime() - this.options.clock().getTime())) : MAX_SLEEP_MS;
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }
}
