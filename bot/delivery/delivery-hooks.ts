import type { OutboxRow } from '../../data/repositories/outbox.js';
import type { Repositories, Tx } from '../../data/store/store.js';
import type { Reply } from '../chat/reply.js';

/** What happens around a row's life, per purpose (alerts start their escalation clock on delivery, …). */
export type DeliveryHooks = {
  /**
   * Renders the row's message now, from current state. Null: nothing to send (e.g. a delete). May wait, briefly and
   * with its own deadline, for what the message relies on (an alert card asks Digitalt Samtykke for the consent).
   * Runs outside any transaction, so it reads through `reads`.
   */
  render(reads: Repositories, row: OutboxRow, now: Date): Promise<Reply | null>;
  /** Runs inside the transaction that marks the row sent, and writes only through its `tx`. */
  onSent?(tx: Tx, row: OutboxRow, activityId: string | null, now: Date): Promise<void>;
  /**
   * The conversation refused the bot for good (or there is none). Runs inside the transaction (`tx`); return true when
   * the message was re-routed elsewhere (the row is then 'failed'), false to dead-letter it.
   */
  onConversationGone?(tx: Tx, row: OutboxRow, reason: string, now: Date): Promise<boolean>;
  /** The row was given up on (re-drivable by an admin); runs inside the transaction (`tx`). */
  onDead?(tx: Tx, row: OutboxRow, reason: string, now: Date): Promise<void>;
};
