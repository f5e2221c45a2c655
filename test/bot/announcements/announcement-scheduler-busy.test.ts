import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { saveAnnouncement } from '../../../bot/announcements/announcement-changes.js';
import { announcementInputSchema } from '../../../bot/announcements/announcement-schema.js';
import { AnnouncementScheduler } from '../../../bot/announcements/announcement-scheduler.js';
import { API_ACTOR } from '../../../bot/announcements/audit-announcement.js';
import { ANNOUNCEMENT_WORLD_CSV, rememberConversations, UNIT_CHANNELS } from '../../support/announcement-world.js';
import { sqlColumn, sqlValue } from '../../support/raw-sql.js';
import { storeGivingUpOnLocks } from '../../support/store-giving-up-on-locks.js';
import { worldDatabase, worldStore } from '../../support/world.js';

const NOW = new Date('2025-06-02T10:00:00Z');
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('the announcement scheduler while another process holds the write lock', () => {
  it('does not crash or spin: it logs a warning, tries again 5 s later, and the send goes out once after the release', async () => {
    const database = await worldDatabase(ANNOUNCEMENT_WORLD_CSV, NOW);
    // A store that gives up on a held lock after 20 ms, and another process taking its database's write lock.
    const { store, holdLock } = await storeGivingUpOnLocks(database);
    cleanup.push(() => store.close());
    await rememberConversations(store, 'http://connector.invalid/', { channels: [UNIT_CHANNELS.RUS] });
    const input = announcementInputSchema.parse({ title: 'Netværksmøde', text: 'Tirsdag.', audience: { units: ['RUS'] }, delivery: 'channels' });
    await saveAnnouncement(store, input, { source: 'api', actor: API_ACTOR, senderConversationId: null, state: 'active' }, NOW);

    const logLines: { level: number; msg: string }[] = [];
    let enqueued = 0;
    store.onCommitted((wrote) => void (wrote.outbox && enqueued++));
    const scheduler = new AnnouncementScheduler({
      store,
      log: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(JSON.parse(line)) }),
      clock: () => NOW,
    });
    cleanup.push(() => scheduler.stop());
    const lock = await holdLock();
    cleanup.push(async () => void (await lock.release()));

    await expect(scheduler.start()).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const waits = logLines.filter((line) => line.msg.includes('write lock is held by another process'));
    expect(waits).toHaveLength(1);
    expect(waits[0]!.level).toBe(40);
    expect(logLines.filter((line) => line.level >= 50)).toEqual([]);
    expect(enqueued).toBe(0);
    expect(await sqlValue(store, "SELECT count(*) FROM outbox WHERE operation = 'post'")).toBe(0);

    await lock.release();
    expect(await scheduler.tick()).toMatchObject({ sends: 1, messages: 1 });
    expect((await scheduler.tick()).sends).toBe(0);
    expect(enqueued).toBe(1);
    expect(await sqlColumn(store, "SELECT conversation_id FROM outbox WHERE operation = 'post'")).toEqual([UNIT_CHANNELS.RUS]);
  });

  it('a store that fails under it (closed without stopping the scheduler) is logged as an error, never an unhandled rejection', async () => {
    const store = await worldStore();
    const logLines: { level: number; msg: string }[] = [];
    const scheduler = new AnnouncementScheduler({
      store,
      log: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(JSON.parse(line)) }),
      clock: () => NOW,
    });
    cleanup.push(() => scheduler.stop());
    await scheduler.start();
    await store.close();
    // Before the fix, the read of the next due send rejected inside the scheduler's own timer: an unhandled rejection.
    await expect(scheduler.tick()).resolves.toMatchObject({ sends: 0 });
    expect(logLines.filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([
      'announcement fan-out failed; trying again shortly',
      'the next announcement send could not be read; looking again shortly',
    ]);
  });
});
