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

  it('reads a Proxmox cluster with its token and fingerprint, and turns the demo lab off for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ralf-pve-'));
    writeFileSync(join(dir, 'secret'), '5f3c2a1e-secret\n');
    const c = loadConfig({
      PROXMOX_URL: 'https://pve1.lan:8006/',
      PROXMOX_TOKEN_ID: 'ralf@pve!ui',
      PROXMOX_TOKEN_SECRET_FILE: join(dir, 'secret'),
      PROXMOX_FINGERPRINT:
        'fd:aa:ac:6f:dd:67:ae:90:6e:64:30:db:71:0c:23:59:95:36:87:a4:9f:90:d1:62:07:55:6b:3a:7c:2a:10:44',
    });
    expect(c.proxmox).toMatchObject({
      url: 'https://pve1.lan:8006',
      tokenId: 'ralf@pve!ui',
      secret: '5f3c2a1e-secret',
      pollMs: 10_000,
      timeoutMs: 5000,
    });
    expect(c.demoLab).toBeNull();
    expect(loadConfig({}).proxmox).toBeNull();
  });

  it('refuses a half-configured Proxmox, naming what is missing', () => {
    expect(() => loadConfig({ PROXMOX_URL: 'https://pve1.lan:8006' })).toThrow(
      /PROXMOX_TOKEN_ID, PROXMOX_TOKEN_SECRET/,
    );
    expect(() => loadConfig({ PROXMOX_FINGERPRINT: 'AB:'.repeat(31) + 'AB' })).toThrow(
      /PROXMOX_URL: expected the API address when PROXMOX_FINGERPRINT is set/,
    );
    expect(() =>
      loadConfig({ PROXMOX_URL: 'https://pve1.lan:8006', PROXMOX_TOKEN_ID: 'root', PROXMOX_TOKEN_SECRET: 's' }),
    ).toThrow(/user@realm!tokenname/);
    expect(() =>
      loadConfig({
        PROXMOX_URL: 'https://pve1.lan:8006',
        PROXMOX_TOKEN_ID: 'ralf@pve!ui',
        PROXMOX_TOKEN_SECRET: 's',
        PROXMOX_FINGERPRINT: 'AB:CD',
      }),
    ).toThrow(/32 pairs/);
  });
});
