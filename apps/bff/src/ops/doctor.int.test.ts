import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:https';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PBS_TOKEN } from '../adapters/demo-lab/pbs-api';
import { DEMO_PVE_TOKEN } from '../adapters/demo-lab/pve-api';
import { loadConfig } from '../config';
import { startAlertmanager } from '../../test/alertmanager';
import { buildTestApp } from '../../test/build-test-app';
import { startMatrixStub } from '../../test/matrix-stub';
import { startOidcProvider } from '../../test/oidc-provider';
import { freePort, startPrometheus, type RunningPrometheus } from '../../test/prometheus';
import { until } from '../../test/until';
import { diagnose, runDoctor } from './doctor';

const tls = join(import.meta.dirname, '../../test/fixtures/tls');
const OTHER_FINGERPRINT = 'AA:'.repeat(31) + 'AA';

/**
 * `ralf-ui doctor` against the machine's PostgreSQL, a real Prometheus scraping the demo lab, and
 * the demo lab's Proxmox VE and PBS APIs (over HTTPS with a self-signed certificate for the
 * fingerprint case), as an operator's settings name them.
 */
describe('ralf-ui doctor', () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let base: string;
  let prom: RunningPrometheus;
  let tlsProxy: Server;
  let tlsUrl: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp('postgres', { RALF_DEMO_LAB: 'on' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    prom = await startPrometheus({ targets: [`127.0.0.1:${port}`], metricsPath: '/demo-lab/metrics' });
    // The lab's PVE API behind TLS with the fixture's self-signed certificate, as a fresh Proxmox serves it.
    tlsProxy = createServer(
      { cert: readFileSync(join(tls, 'pve-cert.pem')), key: readFileSync(join(tls, 'pve-key.pem')) },
      (req, res) => {
        const up = request(
          { host: '127.0.0.1', port, path: `/demo-lab/pve${req.url}`, method: req.method, headers: req.headers },
          (r) => (res.writeHead(r.statusCode ?? 502, r.headers), r.pipe(res)),
        );
        up.on('error', () => res.writeHead(502).end());
        req.pipe(up);
      },
    );
    await new Promise<void>((resolve) => tlsProxy.listen(0, '127.0.0.1', resolve));
    tlsUrl = `https://127.0.0.1:${(tlsProxy.address() as AddressInfo).port}`;
    env = {
      DATABASE_URL: t.config.database.kind === 'postgres' ? t.config.database.url : '',
      PROMETHEUS_URL: prom.url,
      PROXMOX_URL: `${base}/demo-lab/pve`,
      PROXMOX_TOKEN_ID: DEMO_PVE_TOKEN.tokenId,
      PROXMOX_TOKEN_SECRET: DEMO_PVE_TOKEN.secret,
      PBS_URL: `${base}/demo-lab/pbs`,
      PBS_TOKEN_ID: DEMO_PBS_TOKEN.tokenId,
      PBS_TOKEN_SECRET: DEMO_PBS_TOKEN.secret,
      RALF_PUBLIC_URL: base,
      RALF_LANGUAGE: 'en',
    };
    // Prometheus discovers and scrapes in its own time.
    await until(
      "Prometheus has the lab's pve_* series",
      async () => (await diagnose(loadConfig(env))).find((f) => f.check === 'prometheus')?.status === 'ok',
      30_000,
      250,
    );
  });
  afterAll(async () => {
    if (tlsProxy) await new Promise<void>((resolve) => tlsProxy.close(() => resolve()));
    await prom?.dispose();
    await t?.stop();
  });

  const doctor = async (over: Record<string, string> = {}) => {
    const lines: string[] = [];
    const code = await runDoctor(loadConfig({ ...env, ...over }), (l) => lines.push(l));
    return { code, text: lines.join('\n'), line: (check: string) => lines.find((l) => l.startsWith(check)) ?? '' };
  };

  it('passes when every connection works, saying what it found', async () => {
    const d = await doctor();
    expect(d.text).toMatch(/all required checks passed$/);
    expect(d.code).toBe(0);
    expect(d.line('database (PostgreSQL)')).toMatch(/ok +PostgreSQL 1[5-9]/);
    expect(d.line('migrations')).toMatch(/ok +all \d+ applied/);
    expect(d.line('clock skew')).toMatch(/ok +\d+\.\d s/);
    // Every guest and node of the inventory has its series, by the same id.
    expect(d.line('prometheus')).toMatch(/ok +http:\/\/127\.0\.0\.1:\d+: pve_\* series for (\d+) of \1 inventory ids/);
    expect(d.line('Proxmox VE PROXMOX_URL ')).toMatch(/ok +.*Proxmox VE 8\.3\.2, token ralf@pve!demo accepted/);
    expect(d.line('Proxmox VE PROXMOX_URL privileges')).toMatch(/ok +reads and acts/);
    expect(d.line('PBS PBS_URL ')).toMatch(/ok +.*PBS 3\.3/);
    expect(d.line('RALF_PUBLIC_URL')).toMatch(/ok +.*\/healthz: answers \(HTTP 200\)/);
    // In RALF_LANGUAGE, as the rest of the CLI.
    const de = await doctor({ RALF_LANGUAGE: 'de' });
    expect(de.line('Proxmox VE PROXMOX_URL ')).toMatch(/ok +.*Proxmox VE 8\.3\.2, Token ralf@pve!demo angenommen/);
    expect(de.text).toMatch(/^ralf-ui [\d.]+: Diagnose\n[^]*alle nötigen Prüfungen bestanden$/);
  });

  it('fails naming a wrong token, a wrong fingerprint and a closed port, each with what to do', async () => {
    const token = await doctor({ PROXMOX_TOKEN_SECRET: 'not-the-secret' });
    expect(token.code).toBe(1);
    expect(token.line('Proxmox VE PROXMOX_URL')).toMatch(/FAIL/);
    expect(token.text).toMatch(/→ the token id or secret is wrong/);
    expect(token.text).toMatch(/1 required check failed: Proxmox VE PROXMOX_URL$/);

    const pinned = await doctor({ PROXMOX_URL: tlsUrl, PROXMOX_FINGERPRINT: OTHER_FINGERPRINT });
    expect(pinned.code).toBe(1);
    expect(pinned.line('Proxmox VE PROXMOX_URL')).toMatch(/FAIL .*fingerprint is [0-9A-F:]+, not the expected AA:AA/);
    expect(pinned.text).toMatch(/→ PROXMOX_FINGERPRINT: set the fingerprint the server shows/);

    const closed = `http://127.0.0.1:${await freePort()}`;
    const port = await doctor({ PROMETHEUS_URL: closed });
    expect(port.code).toBe(1);
    expect(port.line('prometheus')).toMatch(new RegExp(`FAIL +${closed}: .*`));
    expect(port.text).toMatch(/failed: prometheus$/);
    // The right fingerprint passes over TLS.
    const right = await doctor({
      PROXMOX_URL: tlsUrl,
      PROXMOX_FINGERPRINT:
        'FD:AA:AC:6F:DD:67:AE:90:6E:64:30:DB:71:0C:23:59:95:36:87:A4:9F:90:D1:62:07:55:6B:3A:7C:2A:10:44',
    });
    expect(right.code).toBe(0);
  });

  it("checks Alertmanager, the Matrix channels' rooms and the OIDC provider when they are configured", async () => {
    const am = await startAlertmanager();
    const hs = await startMatrixStub();
    const idp = await startOidcProvider({ clientId: 'ralf', clientSecret: 'secret' });
    try {
      hs.state.tokens = new Map([['bot-token', '@ralf:homelab']]);
      hs.state.rooms = new Map([['!ops:homelab', new Set(['@ralf:homelab'])]]);
      const profile = join(mkdtempSync(join(tmpdir(), 'ralf-doctor-')), 'profile.yaml');
      const channel = (room: string) =>
        writeFileSync(
          profile,
          `notifications:\n  channels:\n    - { id: ops, type: matrix, homeserver: ${hs.url}, room: '${room}', token: vault://matrix/ops }\n`,
        );
      channel('!ops:homelab');
      const more = {
        ALERTMANAGER_URL: am.url,
        RALF_PROFILE: profile,
        VAULT_MATRIX_OPS: 'bot-token',
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: 'ralf',
      };
      const d = await doctor(more);
      expect(d.line('alertmanager')).toMatch(/ok +.*\/api\/v2\/status: answers \(HTTP 200\)/);
      expect(d.line('matrix ops')).toMatch(/ok +@ralf:homelab in !ops:homelab/);
      expect(d.line('oidc')).toMatch(new RegExp(`ok +.*register the redirect URI ${base}/auth/oidc/callback`));
      expect(d.code).toBe(0);
      // A room the bot has not joined, a token the homeserver refuses, an issuer that is not one.
      channel('!other:homelab');
      const notJoined = await doctor(more);
      expect(notJoined.line('matrix ops')).toMatch(/FAIL +@ralf:homelab has not joined !other:homelab/);
      expect(notJoined.code).toBe(1);
      channel('!ops:homelab');
      const refused = await doctor({ ...more, VAULT_MATRIX_OPS: 'stale-token' });
      expect(refused.line('matrix ops')).toMatch(/FAIL/);
      expect(refused.text).toMatch(/is the access token valid/);
      const noIssuer = await doctor({ ...more, OIDC_ISSUER: base });
      expect(noIssuer.line('oidc')).toMatch(/FAIL +.*openid-configuration: HTTP 404/);
    } finally {
      await idp.stop();
      await hs.stop();
      await am.dispose();
    }
  });
});
