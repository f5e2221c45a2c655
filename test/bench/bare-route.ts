import restify from 'restify';

/**
 * Baselines on the same stack: for event ingest a route that reads the body and answers 202; for the hotline a
 * GET route that parses its query and answers a fixed routing decision.
 */
const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
server.use(restify.plugins.queryParser({ mapParams: false }));
server.get('/api/hotline/route', async (req, res) => {
  res.send(200, { whitelisted: true, open: true, route: { type: 'queue', id: 'BIF-HOTLINE', name: String(req.query?.caller ?? ''), phone: '+4533001515' }, opens_at: null });
});
server.post('/api/events', async (req, res) => {
  for await (const _chunk of req) {
    /* read the body, as the real endpoint must */
  }
  res.send(202, { id: req.header('webhook-id') });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${address.port}` })}\n`);
});
