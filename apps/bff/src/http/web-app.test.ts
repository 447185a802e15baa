import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { installWebApp } from './web-app';

/** A built web app in miniature: the given pages, each saying which one it is. */
async function serve(files: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ralf-web-'));
  for (const f of files) writeFileSync(join(dir, f), `<!doctype html><title>${f}</title>`);
  const app = Fastify();
  await app.register(cookie);
  await installWebApp(app, dir);
  return app;
}

describe('the pages the BFF serves (issue 24: the reader’s words preloaded)', () => {
  const apps: Awaited<ReturnType<typeof serve>>[] = [];
  afterAll(() => Promise.all(apps.map((a) => a.close())));
  const pageOf = async (app: Awaited<ReturnType<typeof serve>>, url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ url, headers });
    return { status: res.statusCode, page: /<title>(.*)<\/title>/.exec(res.body)?.[1], vary: res.headers.vary };
  };

  it('serves the overview, the fleet and every other route in the language the app will pick', async () => {
    const app = await serve(
      ['index', 'spa', 'fleet'].flatMap((k) => [`${k}.en.html`, `${k}.de.html`]).concat('index.html'),
    );
    apps.push(app);
    const page = (url: string, headers?: Record<string, string>) => pageOf(app, url, headers);
    expect(await page('/')).toMatchObject({ status: 200, page: 'index.en.html' });
    expect(await page('/', { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' })).toMatchObject({ page: 'index.de.html' });
    expect(await page('/fleet/qemu/200', { 'accept-language': 'de-DE' })).toMatchObject({ page: 'spa.de.html' });
    // The choice the operator made in the app wins over the browser's language; another value is ignored.
    expect(await page('/plans', { 'accept-language': 'de-DE', cookie: 'ralf_locale=en' })).toMatchObject({
      page: 'spa.en.html',
      vary: expect.stringContaining('cookie'),
    });
    expect(await page('/plans', { 'accept-language': 'de-CH', cookie: 'ralf_locale=fr' })).toMatchObject({
      page: 'spa.de.html',
    });
    // The fleet without filters preloads its list; with filters (another first request) it does not.
    expect(await page('/fleet', { cookie: 'ralf_locale=de' })).toMatchObject({ page: 'fleet.de.html' });
    expect(await page('/fleet?node=pve1')).toMatchObject({ page: 'spa.en.html' });
    // API paths are never answered with a page.
    expect(await page('/trpc/nothing.here')).toMatchObject({ status: 404, page: undefined });
  });

  it('serves index.html for every route from a build without pages per language', async () => {
    const app = await serve(['index.html']);
    apps.push(app);
    for (const url of ['/', '/fleet', '/plans/3'])
      expect(await pageOf(app, url, { 'accept-language': 'de' })).toMatchObject({ status: 200, page: 'index.html' });
  });
});
