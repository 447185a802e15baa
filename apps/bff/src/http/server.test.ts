import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createServer } from './server';

describe('stopping the server', () => {
  it('answers a request in flight when the stop begins, closes its kept-alive connection, and stops without waiting for it to time out', async () => {
    const app = createServer(loadConfig({}), false);
    let arrived = () => {};
    app.get('/slow', async () => {
      arrived();
      await new Promise((r) => setTimeout(r, 300));
      return { ok: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    // A first request opens the kept-alive connection the second one reuses.
    expect((await fetch(`${base}/slow`)).headers.get('connection')).toBe('keep-alive');
    const inFlight = new Promise<void>((r) => (arrived = r));
    const answer = fetch(`${base}/slow`);
    await inFlight;
    const closed = app.close().then(() => 'closed');
    const res = await answer;
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('connection')).toBe('close');
    // Kept alive, the connection would hold the stop for Fastify's 72 s keep-alive timeout.
    const waited = new Promise((r) => setTimeout(() => r('still open after 10 s'), 10_000).unref());
    expect(await Promise.race([closed, waited])).toBe('closed');
  }, 20_000);

  it('cuts a request that has not ended within the grace time, so a stop never waits on one that hangs', async () => {
    const app = createServer(loadConfig({}), false, 300);
    let arrived = () => {};
    app.get('/hangs', async () => {
      arrived();
      await new Promise(() => {});
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const inFlight = new Promise<void>((r) => (arrived = r));
    const answer = fetch(`http://127.0.0.1:${port}/hangs`).then(
      () => 'answered',
      () => 'cut',
    );
    await inFlight;
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await answer).toBe('cut');
  }, 20_000);
});
