import { createServer } from '../../bot/http/create-server.js';
import { InFlight } from '../../bot/http/in-flight.js';
import { readRawBody } from '../../bot/http/read-raw-body.js';
import { createLogger } from '../../bot/log/logger.js';

/**
 * Baselines on the same stack (the bot's restify server, query parser and body reader): for event ingest a route
 * that reads the body and answers 202; for the hotline a GET route that parses its query and answers a fixed
 * routing decision.
 */
const server = createServer({
  log: createLogger({ level: 'warn' }),
  inFlight: new InFlight(),
  routes: [
    {
      method: 'get',
      path: '/api/hotline/route',
      handler: (req, res) => {
        res.send(200, { whitelisted: true, open: true, route: { type: 'queue', id: 'BIF-HOTLINE', name: String(req.query?.caller ?? ''), phone: '+4533001515' }, opens_at: null });
      },
    },
    {
      method: 'post',
      path: '/api/events',
      rawBody: true,
      handler: async (req, res) => {
        await readRawBody(req, 64 * 1024);
        res.send(202, { id: req.header('webhook-id') });
      },
    },
  ],
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${address.port}` })}\n`);
});
