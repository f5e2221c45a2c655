import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { localTcpPortsOf } from './process-ports.js';

describe.runIf(process.platform === 'linux')('the local TCP ports of a process', () => {
  const accepted: Socket[] = [];
  let server: Server | undefined;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    child?.kill('SIGKILL');
    for (const socket of accepted) socket.destroy();
    accepted.length = 0;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    child = undefined;
  });

  const listen = async (): Promise<number> => {
    server = createServer((socket) => accepted.push(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  };

  const connectTo = async (port: number): Promise<Socket> => {
    const client = connect(port, '127.0.0.1');
    await once(client, 'connect');
    return client;
  };

  it("lists this process's open client socket, and not once it is closed", async () => {
    const port = await listen();
    const client = await connectTo(port);
    const clientPort = client.localPort!;
    expect(localTcpPortsOf(process.pid)).toContain(clientPort);
    expect(localTcpPortsOf(process.pid)).toContain(port);

    client.destroy();
    await once(client, 'close');
    expect(localTcpPortsOf(process.pid)).not.toContain(clientPort);
  });

  /** A child process connected to `port`, and the local port of its socket. */
  const connectedChild = async (port: number): Promise<{ child: ChildProcess; childPort: number }> => {
    const script = `const s = require('node:net').connect(${port}, '127.0.0.1', () => console.log(s.localPort)); setInterval(() => {}, 1000);`;
    child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const childPort = Number(line.toString().trim());
    expect(childPort).toBeGreaterThan(0);
    return { child, childPort };
  };

  it("tells a child process's socket from this process's", async () => {
    const port = await listen();
    const { child, childPort } = await connectedChild(port);
    expect(localTcpPortsOf(child.pid!)).toContain(childPort);
    expect(localTcpPortsOf(child.pid!)).not.toContain(port); // the accepted end is this process's
    expect(localTcpPortsOf(process.pid)).not.toContain(childPort);
    expect(localTcpPortsOf(process.pid)).toContain(port);
  });

  it('is empty for a process that has exited', async () => {
    const { child, childPort } = await connectedChild(await listen());
    expect(localTcpPortsOf(child.pid!)).toContain(childPort);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(localTcpPortsOf(child.pid!)).toEqual(new Set());
  });
});
