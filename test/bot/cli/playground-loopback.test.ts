import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loopbackOnlyPreload } from '../../../bot/cli/playground-loopback.js';

/** The address a server in a fresh Node process with the preload ends up on, for one way of calling listen. */
function listenedOn(listenCall: string): string {
  const script = `
    import net from 'node:net';
    const server = net.createServer();
    server.on('listening', () => { console.log(server.address().address); server.close(); });
    server.${listenCall};`;
  return execFileSync(process.execPath, ['--import', loopbackOnlyPreload(), '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 }).trim();
}

describe('the Playground preload keeps every TCP listen on loopback', () => {
  it.each([
    ['a port alone (what the Playground does)', 'listen(0)'],
    ['a port and a callback', 'listen(0, () => {})'],
    ['a numeric string port', "listen('0')"],
    ['every IPv4 interface', "listen(0, '0.0.0.0')"],
    ['every interface', "listen(0, '::')"],
    ['options without a host', 'listen({ port: 0 })'],
    ['options with every interface', "listen({ port: 0, host: '0.0.0.0' })"],
    ['no arguments', 'listen()'],
  ])('%s', (_label, listenCall) => {
    expect(listenedOn(listenCall)).toBe('127.0.0.1');
  });

  it('leaves an explicit loopback host as it is', () => {
    expect(listenedOn("listen(0, '127.0.0.3')")).toBe('127.0.0.3');
  });
});
