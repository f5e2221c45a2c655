import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAnnouncement } from '../../bot/announcements/announcement-changes.js';
import { announcementInputSchema } from '../../bot/announcements/announcement-schema.js';
import { REPORT_COALESCE_MS, refreshReport } from '../../bot/announcements/report-updates.js';
import { ANNOUNCEMENT_WORLD_CSV, personalChatOf, rememberConversations, UNIT_CHANNELS } from '../support/announcement-world.js';
import { sqlRows } from '../support/raw-sql.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { waitUntil } from '../support/wait-until.js';
import { PEOPLE } from '../support/world.js';

// The bot's clock stands still unless the test moves it: the report card's update (due REPORT_COALESCE_MS after a
// change) is not due until then, so what goes out before it went out because nothing held it back.
const START = new Date('2025-06-10T10:00:00Z');
let now = START;
let bot: RunningBot;

const fatimaChat = personalChatOf(PEOPLE.fatima.aadObjectId);
const fatima = { id: PEOPLE.fatima.id, employeeId: PEOPLE.fatima.id, aadObjectId: PEOPLE.fatima.aadObjectId, administration: 'BIF-SOF' };
const announce = (title: string) =>
  saveAnnouncement(
    bot.app.store,
    announcementInputSchema.parse({ title, text: 'Vi mødes tirsdag.', audience: { units: ['JC-UDSAT'] }, delivery: 'channels' }),
    { source: 'chat', actor: fatima, senderConversationId: fatimaChat, state: 'active' },
    now,
  );
const rowsInFatimaChat = () =>
  sqlRows<{ id: number; operation: string; state: string; next_attempt_at: string; message: string }>(bot.app.store, 'SELECT id, operation, state, next_attempt_at, message FROM outbox WHERE conversation_id = @conversation ORDER BY id', { conversation: fatimaChat });
const callsToFatima = () => bot.connector.calls.filter((call) => call.conversationId === fatimaChat && (call.operation === 'send' || call.operation === 'update'));

beforeAll(async () => {
  bot = await startBot({ files: ANNOUNCEMENT_WORLD_CSV, clock: () => now, deliveryPollMs: 100 });
  await rememberConversations(bot.app.store, bot.connector.url, { channels: [UNIT_CHANNELS['JC-UDSAT'], UNIT_CHANNELS['JC-UDSAT-NORD']], people: [PEOPLE.fatima.aadObjectId] });
});
afterAll(() => bot?.stop());

describe("the sender's report card", () => {
  it('a pending update of it does not hold back a later message to the sender’s chat; it goes out itself once due', async () => {
    const first = await announce('Netværksmøde');
    await bot.app.scheduler.wake();
    await waitUntil(async () => (await rowsInFatimaChat()).some((row) => row.operation === 'post' && row.state === 'sent'));
    // A change to the first report (as each delivery or "Læst" makes): one update, waiting to coalesce more.
    await bot.app.store.transaction((tx) => refreshReport(tx, first, now));
    const waiting = (await rowsInFatimaChat()).filter((row) => row.operation === 'update' && row.state === 'pending');
    expect(waiting).toHaveLength(1);
    expect(Date.parse(waiting[0]!.next_attempt_at)).toBeGreaterThan(now.getTime());

    // The second announcement's report card goes to the same chat, queued after the waiting update.
    const second = await announce('Temadag');
    await bot.app.scheduler.wake();
    const secondReport = () => rowsInFatimaChat().then((rows) => rows.find((row) => row.operation === 'post' && JSON.parse(row.message).announcementId === second));
    await waitUntil(async () => (await secondReport())?.state === 'sent');
    expect((await secondReport())!.id).toBeGreaterThan(waiting[0]!.id);
    expect((await rowsInFatimaChat()).find((row) => row.id === waiting[0]!.id)?.state).toBe('pending');
    expect(callsToFatima().map((call) => call.operation)).toEqual(['send', 'send']);

    now = new Date(START.getTime() + REPORT_COALESCE_MS + 1000);
    await waitUntil(async () => (await rowsInFatimaChat()).find((row) => row.id === waiting[0]!.id)?.state === 'sent');
    expect(callsToFatima().map((call) => call.operation).slice(0, 3)).toEqual(['send', 'send', 'update']);
  }, 30_000);
});
