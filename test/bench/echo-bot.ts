import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/**
 * The baseline: a bare echo bot on the same stack (restify 11 + botbuilder CloudAdapter, no auth, same body
 * parser), replying with one text message per turn. Prints `{"url": …}` when listening.
 */
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer({ name: 'echo' });
server.post('/api/messages', restify.plugins.bodyParser({ maxBodySize: 4 * 1024 * 1024, mapParams: false }), async (req: restify.Request, res: restify.Response) => {
  await adapter.process(req, res, async (context) => {
    if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ msg: 'echo listening', url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
