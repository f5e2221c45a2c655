import { createBrobygger } from './bot/app.ts';
import { loadConfig } from './bot/config/load-config.ts';
import { createLogger } from './bot/log/logger.ts';
import { FakeConnector } from './test/support/fake-connector.ts';
import { teamsMessage } from './test/support/teams-activity.ts';
const connector = new FakeConnector(); const serviceUrl = await connector.start();
const config = loadConfig({ DATABASE_PATH: '/tmp/imp1/t.sqlite', LOG_LEVEL: 'info' });
const app = createBrobygger({ config, log: createLogger({ level: 'info' }) });
const url = await app.listen(0, '127.0.0.1');
for (const text of ['hvem har 010190-1234?', 'hjælp', '0202801235']) {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(teamsMessage({ serviceUrl, from: { aadObjectId: '11111111-1111-1111-1111-111111111111', name: 'Anna' }, text })) });
  console.log(text, res.status);
}
console.log(JSON.stringify(connector.calls.map(c => ({op: c.operation, conv: c.conversationId, act: c.activityId, text: c.body?.text, att: c.body?.attachments?.[0]?.content?.body?.[1]?.text}))), null, 1);
console.log(JSON.stringify(connector.calls[1]?.body?.attachments?.[0]?.content).slice(0, 3000));
await app.shutdown(); await connector.stop();
