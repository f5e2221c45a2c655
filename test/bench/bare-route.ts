import restify from 'restify';

/** The baseline for event ingest: a bare restify route on the same stack that reads the body and answers 202. */
const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
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
