import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { listeningAt, runMain as run, signInOver, stopChildren } from '../test/run-main';

const post = (base: string, path: string, body: unknown) =>
  fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('starting and stopping ralf-ui', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ralf-main-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  // A test that failed while its process ran leaves none behind (the next one would find its data folder locked).
  afterEach(stopChildren);

  it('exits non-zero naming DATABASE_URL when the database cannot be reached', async () => {
    const p = run({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing', PORT: '0' });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(/DATABASE_URL: cannot connect to postgres:\/\/postgres@127\.0\.0\.1:1\/nothing/);
  });

  it('exits non-zero naming the variable when a setting is malformed', async () => {
    const p = run({ PORT: 'eighty' });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(/PORT: expected/);
  });

  it("exits non-zero naming the variable when a cluster's secret the profile refers to is not set", async () => {
    const profile = join(mkdtempSync(join(tmpdir(), 'ralf-profile-')), 'profile.yaml');
    writeFileSync(
      profile,
      'proxmox:\n  - { name: homelab, url: "https://pve1.lan:8006", token_id: "ralf@pve!ui", token_secret: "vault://proxmox/homelab" }\n',
    );
    const p = run({ RALF_PROFILE: profile, PORT: '0', RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-main-vault-')) });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(
      /profile proxmox\.0\.token_secret: vault:\/\/proxmox\/homelab is not set \(set VAULT_PROXMOX_HOMELAB or VAULT_PROXMOX_HOMELAB_FILE\)/,
    );
  });

  it('starts embedded with no settings, keeps its data folder across restarts, and stops cleanly on SIGTERM', async () => {
    for (let i = 0; i < 2; i++) {
      const p = run({ RALF_DATA_DIR: dataDir, PORT: '0' }, /listening on/);
      await p.ready;
      const base = listeningAt(p);
      const { cookie } = await signInOver(base, 'viewer', 'demo-viewer');
      const res = await fetch(`${base}/trpc/fleet.summary`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { result: { data: { guests: { total: number } } } }).result.data.guests.total).toBe(
        30,
      );
      p.child.kill('SIGTERM');
      expect(await p.exited, p.output()).toBe(0);
      expect(p.output()).toMatch(i === 0 ? /migrations applied/ : /listening on/);
      if (i === 1) expect(p.output()).not.toMatch(/migrations applied/);
    }
  });

  it('refuses a second start on the same data folder, and a port in use, naming them, and leaves the folder usable', async () => {
    const first = run({ RALF_DATA_DIR: dataDir, PORT: '0' }, /listening on/);
    await first.ready;
    try {
      const second = run({ RALF_DATA_DIR: dataDir, PORT: '0' });
      expect(await second.exited).toBe(2);
      expect(second.stderr()).toMatch(
        new RegExp(`RALF_DATA_DIR: the embedded database .*pglite is in use by process \\d+ \\(another ralf-ui\\?\\)`),
      );
      const port = new URL(listeningAt(first)).port;
      const other = mkdtempSync(join(tmpdir(), 'ralf-main-port-'));
      const third = run({ RALF_DATA_DIR: other, PORT: port });
      expect(await third.exited).toBe(2);
      expect(third.stderr()).toMatch(new RegExp(`PORT: 127\\.0\\.0\\.1:${port} is already in use`));
      rmSync(other, { recursive: true, force: true });
      // The first still serves from its folder.
      const { cookie } = await signInOver(listeningAt(first), 'viewer', 'demo-viewer');
      expect((await fetch(`${listeningAt(first)}/trpc/fleet.summary`, { headers: { cookie } })).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited, first.output()).toBe(0);
    }
  });

  it('has no default password outside demo mode: it prints a one-time setup token that makes the first admin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ralf-setup-'));
    const p = run({ RALF_DATA_DIR: dir, PORT: '0', RALF_DEMO_LAB: 'off' }, /listening on/);
    try {
      await p.ready;
      const base = listeningAt(p);
      const token = /setup token (\S+)/.exec(p.output())?.[1];
      expect(token).toBeTruthy();
      const options = (await (await fetch(`${base}/trpc/auth.options`)).json()) as {
        result: { data: { setupRequired: boolean; demoAccounts: unknown[] } };
      };
      expect(options.result.data).toMatchObject({ setupRequired: true, demoAccounts: [] });
      expect((await post(base, 'auth.signIn', { username: 'admin', password: 'demo-admin' })).status).toBe(401);
      expect(
        (await post(base, 'auth.setup', { setupToken: 'wrong', username: 'ops', password: 'a long passphrase' }))
          .status,
      ).toBe(401);
      const setup = await post(base, 'auth.setup', {
        setupToken: token,
        username: 'ops',
        password: 'a long passphrase',
      });
      expect(setup.status).toBe(200);
      expect(
        ((await setup.json()) as { result: { data: { user: { roles: string[] } } } }).result.data.user.roles,
      ).toContain('admin');
      // Used once: the same token cannot make a second admin.
      expect(
        (await post(base, 'auth.setup', { setupToken: token, username: 'eve', password: 'a long passphrase' })).status,
      ).toBe(409);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
