import { syntheticCpr } from './many-channels-world.js';
import { benefitStopped, postEvent, signedEvent } from './signed-event.js';

export type PostedAlerts = { accepted: number; failedOver: number; retried: number };

/** A sender of webhooks retries a 503 (the store could not commit); this one after a short pause, this many times. */
const RETRIES = 20;
const RETRY_PAUSE_MS = 100;

/**
 * POSTs `count` signed benefit.stopped events (citizen n of the many-channels world each) to /api/events, `concurrency`
 * at a time, round robin over the bots as a load balancer would. A 503 is retried as a webhook sender does. A bot that no longer answers (killed) is left out from
 * then on and its event goes to the next bot with the same webhook id: if the dead one had committed it, the next one
 * recognises the id and does not store it twice.
 */
export async function postAlerts(bots: readonly { url: string }[], count: number, options: { concurrency: number; run: string }): Promise<PostedAlerts> {
  const alive = [...bots];
  let next = 0;
  let accepted = 0;
  let failedOver = 0;
  let retried = 0;
  const post = async (n: number) => {
    const request = signedEvent(benefitStopped(syntheticCpr(n), { note: `${options.run} ${n}` }), { id: `msg_${options.run}_${n}` });
    for (let turn = n, busy = 0; ; turn++) {
      if (alive.length === 0) throw new Error(`event ${n}: no bot answers any more`);
      const bot = alive[turn % alive.length]!;
      let status: number;
      try {
        ({ status } = await postEvent(bot.url, request));
      } catch {
        if (alive.includes(bot)) alive.splice(alive.indexOf(bot), 1);
        failedOver++;
        continue;
      }
      if (status === 503 && busy++ < RETRIES) {
        retried++;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * busy));
        continue;
      }
      if (status !== 202 && status !== 200) throw new Error(`event ${n}: answered ${status} by ${bot.url}`);
      accepted++;
      return;
    }
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < count) await post(next++);
    }),
  );
  return { accepted, failedOver, retried };
}
