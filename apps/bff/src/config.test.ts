import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('starts embedded with no settings at all: PGlite in .data and the demo lab', () => {
    const c = loadConfig({});
    expect(c.database.kind).toBe('pglite');
    expect(c.demoLab).not.toBeNull();
    expect(c.prometheus).toBeNull();
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
  });

  it('switches to connected mode when DATABASE_URL and PROMETHEUS_URL are given', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/ralf', PROMETHEUS_URL: 'http://prom:9090/' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/ralf' });
    expect(c.prometheus?.url).toBe('http://prom:9090');
    expect(c.demoLab).toBeNull();
  });

  it('names the variable and what was expected when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => loadConfig({ PROMETHEUS_URL: 'ftp://x' })).toThrow(/PROMETHEUS_URL/);
    expect(() => loadConfig({ PROMETHEUS_TIMEOUT: 'soon' })).toThrow(/PROMETHEUS_TIMEOUT: expected a duration/);
  });

  it('reads NAME_FILE for its own variables only, and says which file it could not read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ralf-cfg-'));
    writeFileSync(join(dir, 'db'), 'postgres://ralf@db/ralf\n');
    expect(loadConfig({ DATABASE_URL_FILE: join(dir, 'db') }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://ralf@db/ralf',
    });
    expect(() => loadConfig({ DATABASE_URL_FILE: join(dir, 'missing') })).toThrow(/DATABASE_URL_FILE: cannot read/);
    expect(() => loadConfig({ SOMETHING_ELSE_FILE: join(dir, 'missing') })).not.toThrow();
  });

  it('parses durations in ms, s and m', () => {
    expect(loadConfig({ PROMETHEUS_TIMEOUT: '500ms' }).prometheus).toBeNull();
    expect(loadConfig({ PROMETHEUS_URL: 'http://p:9090', PROMETHEUS_TIMEOUT: '500ms' }).prometheus?.timeoutMs).toBe(
      500,
    );
    expect(loadConfig({ METRICS_SCRAPE_INTERVAL: '1m' }).scrapeIntervalMs).toBe(60_000);
  });

  it('needs RALF_PUBLIC_URL for single sign-on: the redirect URI is never taken from a request', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.lab.example', OIDC_CLIENT_ID: 'ralf-ui' })).toThrow(
      /RALF_PUBLIC_URL: expected the address browsers reach ralf-ui at when OIDC_ISSUER is set/,
    );
    expect(
      loadConfig({
        OIDC_ISSUER: 'https://id.lab.example',
        OIDC_CLIENT_ID: 'ralf-ui',
        RALF_PUBLIC_URL: 'https://ralf.lab.example',
      }).auth.oidc,
    ).not.toBeNull();
  });

  it('reads the host names browsers may use, and refuses what is not one', () => {
    expect(loadConfig({ ALLOWED_HOSTS: 'ralf.lan, *.Lab.Example' }).auth.allowedHosts).toEqual([
      'ralf.lan',
      '*.lab.example',
    ]);
    expect(loadConfig({}).auth.allowedHosts).toEqual([]);
    expect(() => loadConfig({ ALLOWED_HOSTS: 'ralf.lan,https://x' })).toThrow(
      /ALLOWED_HOSTS: expected host names such as ralf.lan/,
    );
  });
});
