import type { AddressInfo } from 'node:net';

/**
 * `http://127.0.0.1:<port>` (or `http://[::1]:<port>`) where this server answers on loopback: its
 * own address when it listens on loopback or on every address, else null.
 */
export function loopbackBase(address: string | AddressInfo | null): string | null {
  if (!address || typeof address === 'string') return null;
  const a = address.address;
  if (a === '0.0.0.0' || a.startsWith('127.')) return `http://${a === '0.0.0.0' ? '127.0.0.1' : a}:${address.port}`;
  if (a === '::' || a === '::1') return `http://[::1]:${address.port}`;
  return null;
}
