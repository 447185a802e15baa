import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installSecurityHeaders } from './security-headers';

describe('security headers on every answer', () => {
  it('sends the strict policy on pages, API answers and errors alike', async () => {
    const app = Fastify();
    installSecurityHeaders(app);
    app.get('/ok', async () => ({ ok: true }));
    app.get('/fails', async () => {
      throw new Error('boom');
    });
    for (const url of ['/ok', '/fails', '/no-such-route']) {
      const res = await app.inject({ url });
      expect(res.headers['content-security-policy'], url).toBe(
        "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;" +
          "connect-src 'self';font-src 'self';object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'",
      );
      expect(res.headers).toMatchObject({
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      // HSTS belongs to the proxy that terminates TLS and knows the domain.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    await app.close();
  });
});
