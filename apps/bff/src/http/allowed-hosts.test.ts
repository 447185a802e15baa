import { describe, expect, it } from 'vitest';
import { hostAllowed, hostName } from './allowed-hosts';

describe('the host names ralf-ui answers browsers on', () => {
  const opts = { publicHost: 'ralf.example.org', allowed: ['ralf.lan', '*.lab.example'] };
  it('takes loopback names, IP addresses, the public URL and the allowed names, with or without a port', () => {
    for (const h of [
      'localhost',
      'LOCALHOST:8080',
      'ui.localhost',
      '127.0.0.1:8080',
      '10.1.2.3',
      '[::1]:8080',
      '[fe80::1]',
      'ralf.example.org',
      'ralf.lan:443',
      'a.b.lab.example',
      'ralf.lan.',
    ])
      expect(hostAllowed(h, opts), h).toBe(true);
  });
  it('refuses any other name: a rebinding needs one', () => {
    for (const h of [
      'evil.example',
      'lab.example',
      'ralf.lan.evil.example',
      'localhost.evil.example',
      'ralf.example.org.evil',
      '',
      'a b',
      'x@ralf.lan',
    ])
      expect(hostAllowed(h, opts), h).toBe(false);
  });
  it('reads the name of a Host header', () => {
    expect(hostName('Ralf.LAN:8080')).toBe('ralf.lan');
    expect(hostName('[::1]:80')).toBe('[::1]');
    expect(hostName('bad/host')).toBeNull();
  });
});
