import net from 'node:net';

export type FreezableProxy = {
  port: number;
  /** From now on the connections open now drop every byte both ways and stay open: a path that died silently. New ones work. */
  freezeOpenConnections(): void;
  close(): Promise<void>;
};

/** A TCP proxy on 127.0.0.1 to `host:port`: the network between a client and PostgreSQL, which a test can break. */
export async function freezableProxy(host: string, port: number): Promise<FreezableProxy> {
  const pairs = new Set<{ down: net.Socket; up: net.Socket; frozen: boolean }>();
  const server = net.createServer((down) => {
    const pair = { down, up: net.connect(port, host), frozen: false };
    pairs.add(pair);
    const { up } = pair;
    for (const socket of [down, up]) socket.on('error', () => undefined);
    down.on('data', (chunk) => void (pair.frozen || up.write(chunk)));
    up.on('data', (chunk) => void (pair.frozen || down.write(chunk)));
    const closeBoth = () => {
      pairs.delete(pair);
      down.destroy();
      up.destroy();
    };
    down.on('close', closeBoth);
    up.on('close', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freezeOpenConnections: () => {
      for (const pair of pairs) pair.frozen = true;
    },
    close: async () => {
      for (const pair of pairs) {
        pair.down.destroy();
        pair.up.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
