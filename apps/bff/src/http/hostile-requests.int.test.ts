import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPC_MAX_BATCH } from '@ralf/shared';
import { buildTestApp, signInHeaders } from '../../test/build-test-app';
import { createToken, ingest } from '../../test/ingest-client';
import { DB_KINDS } from '../../test/test-db';

describe.each(DB_KINDS)('requests an attacker would send, on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp(kind, { ALLOWED_HOSTS: 'ralf.lan,*.lab.example' });
  });
  afterAll(async () => t?.stop());

  it("refuses a batch of more calls than the web client sends, so a viewer cannot take the pool's every connection", async () => {
    const viewer = await signInHeaders(t.app, 'viewer');
    const batch = (n: number) =>
      t.app.inject({
        url: `/trpc/${Array.from({ length: n }, () => 'audit.verify').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`,
        headers: viewer,
      });
    const many = await batch(300);
    expect(many.statusCode).toBe(400);
    expect(many.body).toMatch(/Batch call exceeds maximum size/);
    const fine = await batch(TRPC_MAX_BATCH);
    expect(fine.statusCode).toBe(200);
    expect(fine.json()).toHaveLength(TRPC_MAX_BATCH);
    // The viewers' checks did not starve an agent.
    const agent = await createToken(t.app, { name: 'after-the-burst', scopes: ['ingest:findings'] });
    expect(
      (await ingest(t.app, 'findings', { findings: [{ policy: 'p', target: 'lxc/101', status: 'pass' }] }, agent))
        .statusCode,
    ).toBe(200);
  });

  it('answers browsers only on loopback names, IP addresses, the public URL and ALLOWED_HOSTS (no DNS rebinding)', async () => {
    const on = (host: string, url = '/trpc/auth.options') => t.app.inject({ url, headers: { host } });
    for (const host of [
      'localhost:8080',
      '127.0.0.1:8080',
      '[::1]:8080',
      '192.168.1.5',
      'ralf.lan:8080',
      'ui.lab.example',
    ])
      expect((await on(host)).statusCode, host).toBe(200);
    for (const host of ['evil.example', 'ralf.lan.evil.example', 'lab.example', 'evil.example:8080']) {
      const res = await on(host);
      expect(res.statusCode, host).toBe(403);
      expect(res.json().message).toMatch(/ALLOWED_HOSTS/);
    }
    // Health and metrics answer any name a scraper uses; agents' token routes too (no cookie there).
    expect((await on('evil.example', '/healthz')).statusCode).toBe(200);
    const agent = await createToken(t.app, { name: 'named-host', scopes: ['ingest:findings'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/v1/findings',
      headers: {
        host: 'ralf-ui.internal',
        authorization: `Bearer ${agent.secret}`,
        'content-type': 'application/json',
      },
      payload: { findings: [{ policy: 'p', target: 'lxc/101', status: 'pass' }] },
    });
    expect(res.statusCode).toBe(200);
  });
});
