import { join } from 'node:path';
import { importFolder } from '../../data/import/import-folder.js';
import { openDatabase } from '../../data/store/open-database.js';
import { spawnBot } from '../support/bot-process.js';
import { FakeConnector } from '../support/fake-connector.js';
import { manyChannelsCsv, rememberChannels } from '../support/many-channels-world.js';
import { TEST_TENANT } from '../support/teams-activity.js';
import { writeCsvFolder } from '../support/world.js';

const CONVERSATIONS = 1000;
const TENANT_PER_SECOND = 50;
const KEY = 'bench-announcement-key-0000000000000000';

/**
 * One announcement to 1,000 channels (every SOF team) through a fake connector that enforces Teams' limits with
 * 429s: time from the API call to the last card against the minimum the tenant limit allows, 429s, lost, duplicated.
 */
export async function runAnnouncementBenchmark(options: { out: (line: string) => void; work: string }): Promise<void> {
  const { out } = options;
  const database = join(options.work, 'announcements.sqlite');
  const db = openDatabase(database);
  const report = await importFolder(db, writeCsvFolder(manyChannelsCsv(CONVERSATIONS, 1)), { now: new Date() });
  db.close();
  if (!report.ok) throw new Error('bench world import failed');
  const connector = new FakeConnector({ enforceTeamsLimits: true });
  await connector.start();
  await rememberChannels(database, connector.url, CONVERSATIONS);
  const bot = await spawnBot({ DATABASE_PATH: database, ANNOUNCEMENT_API_KEYS: KEY, ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' });
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

  const started = performance.now();
  const created = await fetch(`${bot.url}/api/announcements`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 'Netværksmøde for kontaktpersoner', text: 'Tirsdag kl. 9 i Rådhuset.', audience: { administrations: ['SOF'] }, delivery: 'channels' }),
  });
  const accepted = performance.now();
  if (created.status !== 201) throw new Error(`announcement refused: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  await connector.waitFor((calls) => calls.filter((call) => call.operation === 'send').length >= CONVERSATIONS, 300_000);
  const finished = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const status = (await (await fetch(`${bot.url}/api/announcements/${id}`, { headers })).json()) as { delivered: number; pending: number; failed: number };
  bot.child.kill('SIGTERM');
  await bot.exited;
  await connector.stop();

  const perConversation = new Map<string, number>();
  for (const call of connector.calls.filter((c) => c.operation === 'send')) {
    const conversation = (call.conversationId ?? '?').split(';')[0]!;
    perConversation.set(conversation, (perConversation.get(conversation) ?? 0) + 1);
  }
  const seconds = (finished - started) / 1000;
  // The tenant limit binds: 50 per second (the first 50 may go at once), one card per channel.
  const minimum = (CONVERSATIONS - TENANT_PER_SECOND) / TENANT_PER_SECOND;
  out('');
  out(`Announcement to ${CONVERSATIONS.toLocaleString('en')} channels (POST /api/announcements) through a fake connector enforcing Teams' limits`);
  out(`  accepted (201) after        ${(accepted - started).toFixed(0)} ms   (audience resolved and ${CONVERSATIONS.toLocaleString('en')} outbox rows committed)`);
  out(`  last card delivered after   ${seconds.toFixed(1)} s   (theoretical minimum ${minimum.toFixed(1)} s at ${TENANT_PER_SECOND}/s per tenant)`);
  // The pacer keeps a 75 ms safety margin on every window (50 per 1.075 s), which alone caps the share at about 0.88.
  out(`  share of the ceiling        ${(minimum / seconds).toFixed(2)}         (aim ≥ 0.85; the pacer's 75 ms margin per window caps it near 0.88)`);
  out(`  429s received              ${connector.throttledCount}`);
  out(`  lost                        ${CONVERSATIONS - perConversation.size}`);
  out(`  duplicated                  ${[...perConversation.values()].filter((count) => count > 1).length}`);
  out(`  report (GET)                delivered ${status.delivered}, pending ${status.pending}, failed ${status.failed}`);
}
