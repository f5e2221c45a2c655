import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * The local ports of the TCP sockets (IPv4 and IPv6) process `pid` has open now; empty if the process is gone.
 * Linux only, from /proc, and synchronous so that it can run inside the fake connector's `onRequest` listener: the
 * kill test tells which bot process sent a request by the request's source port.
 */
export function localTcpPortsOf(pid: number): Set<number> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // closed between readdir and readlink
      throw error;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1); // after the header line
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // no IPv6 in this kernel
      throw error;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/); // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
      const local = fields[1];
      const inode = fields[9];
      if (local && inode && inodes.has(inode)) ports.add(parseInt(local.split(':')[1]!, 16));
    }
  }
  return ports;
}
