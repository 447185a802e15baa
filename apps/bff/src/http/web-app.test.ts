import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWebApp, pageLocale } from './web-app';

/** A built web app in miniature: the pages the build writes, each saying which one it is. */
function webDir() {
  const dir = mkdtempSync(join(tmpdir(), 'ralf-web-'));
  for (const f of [
    'index.html',
    'spa.html',
    'index.en.html',
    'index.de.html',
    'spa.en.html',
    'spa.de.html',
    'fleet.en.html',
  ])
    writeFileSync(join(dir, f), `<!doctype html><title>${f}</title>`);
  return dir;
}

describe('the pages the BFF serves (issue 24: the reader’s words preloaded)', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(cookie);
    await installWebApp(app, webDir());
  });
  afterAll(() => app.close());
  const page = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ url, headers });
    return { status: res.statusCode, page: /<title>(.*)<\/title>/.exec(res.body)?.[1], vary: res.headers.vary };
  };

  it('serves the overview and every other route in the language the app will pick', async () => {
    expect(await page('/')).toMatchObject({ status: 200, page: 'index.en.html' });
    expect(await page('/', { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' })).toMatchObject({ page: 'index.de.html' });
    expect(await page('/fleet/qemu/200', { 'accept-language': 'de-DE' })).toMatchObject({ page: 'spa.de.html' });
    // The choice the operator made in the app wins over the browser's language.
    expect(await page('/plans', { 'accept-language': 'de-DE', cookie: 'ralf_locale=en' })).toMatchObject({
      page: 'spa.en.html',
      vary: expect.stringContaining('cookie'),
    });
    expect(await page('/', { cookie: 'ralf_locale=de' })).toMatchObject({ page: 'index.de.html' });
    // The fleet without filters preloads its list; with filters (another first request) it does not;
    // a language the build wrote no fleet page for gets the plain page.
    expect(await page('/fleet')).toMatchObject({ page: 'fleet.en.html' });
    expect(await page('/fleet?node=pve1')).toMatchObject({ page: 'spa.en.html' });
    expect(await page('/fleet', { cookie: 'ralf_locale=de' })).toMatchObject({ page: 'spa.de.html' });
    // API paths are never answered with a page.
    expect(await page('/trpc/nothing.here')).toMatchObject({ status: 404, page: undefined });
  });

  it('reads the language as the app does: a cookie of another value is ignored', () => {
    expect(pageLocale('fr', 'de-CH')).toBe('de');
    expect(pageLocale(undefined, 'en-US,de;q=0.8')).toBe('en');
    expect(pageLocale(undefined, undefined)).toBe('en');
  });
});
