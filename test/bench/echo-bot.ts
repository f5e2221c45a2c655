import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createServer } from '../../bot/http/create-server.js';
import { InFlight } from '../../bot/http/in-flight.js';
import { createLogger } from '../../bot/log/logger.js';

/**
 * The baseline: a bare echo bot on the same stack (the bot's restify server with its own JSON body reader +
 * botbuilder CloudAdapter, no auth), replying with one text message per turn. Prints `{"url": …}` when listening.
 */
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = createServer({
  log: createLogger({ level: 'warn' }),
  inFlight: new InFlight(),
  routes: [
    {
      method: 'post',
      path: '/api/messages',
      bodyLimitBytes: 4 * 1024 * 1024,
      handler: (req, res) =>
        adapter.process(req, res, async (context) => {
          if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
        }),
    },
  ],
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ msg: 'echo listening', url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
