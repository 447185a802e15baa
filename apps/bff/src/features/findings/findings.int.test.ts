import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs, signInHeaders } from '../../../test/build-test-app';
import { createToken, ingest } from '../../../test/ingest-client';
import { DB_KINDS } from '../../../test/test-db';

describe.each(DB_KINDS)('compliance findings on %s', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'ralf-policy-'));
  const outside = mkdtempSync(join(tmpdir(), 'ralf-outside-'));
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let viewer: Awaited<ReturnType<typeof callerAs>>;
  const put = (name: string, doc: unknown) =>
    writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc));
  const open = async () =>
    (await viewer.findings.report({ status: 'open' })).findings
      .map((f) => `${f.policy}|${f.target}|${f.result}`)
      .sort();
  beforeAll(async () => {
    put('tls.json', [
      { policy: 'tls-min-version', target: 'service/nextcloud', status: 'fail', severity: 'high', details: 'TLS 1.0' },
      { policy: 'tls-min-version', target: 'service/gitea', status: 'pass', severity: 'high' },
    ]);
    put('ports.json', { policy: 'ssh-root-login', target: 'node/pve1', status: 'warn', severity: 'medium' });
    put('broken.json', '[\n  { "policy": "open-ports",\n    "target": }\n');
    writeFileSync(
      join(outside, 'secret.json'),
      JSON.stringify({ policy: 'leak', target: 'x', status: 'fail', severity: 'critical' }),
    );
    symlinkSync(join(outside, 'secret.json'), join(dir, 'escape.json'));
    t = await buildTestApp(kind, { POLICY_RESULTS_DIR: dir });
    viewer = await callerAs(t, 'viewer');
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('loads the folder: failing and warning results are open, a malformed file is a finding of its own, a link out of the folder is never read', async () => {
    expect(await open()).toEqual([
      'policy-results|policy_results/broken.json|fail',
      'policy-results|policy_results/escape.json|fail',
      'ssh-root-login|node/pve1|warn',
      'tls-min-version|service/nextcloud|fail',
    ]);
    const report = await viewer.findings.report({ status: 'all' });
    expect(report.findings.find((f) => f.target === 'policy_results/broken.json')!.details).toBe(
      'policy_results/broken.json: not valid JSON at line 3',
    );
    expect(report.findings.find((f) => f.target === 'policy_results/escape.json')!.details).toBe(
      'policy_results/escape.json: a link out of the folder; not read',
    );
    expect(report.findings.some((f) => f.policy === 'leak')).toBe(false);
    expect(report.bySeverity).toMatchObject({ high: 1, medium: 3 });
    // Every viewer sees the folder by its name, not where it lies on the server.
    expect(report.folder.path).toBe(basename(dir));
    expect(JSON.stringify(report)).not.toContain(dir);
  });

  it('follows changes: a fix resolves with when, a new file opens, a deleted file resolves what it reported', async () => {
    put('tls.json', [{ policy: 'tls-min-version', target: 'service/nextcloud', status: 'pass', severity: 'high' }]);
    put('backups.json', [{ policy: 'backup-retention', target: 'qemu/204', status: 'fail', severity: 'critical' }]);
    rmSync(join(dir, 'ports.json'));
    rmSync(join(dir, 'broken.json'));
    await t.services.findings.scanFolder();
    expect(await open()).toEqual(['backup-retention|qemu/204|fail', 'policy-results|policy_results/escape.json|fail']);
    const resolved = (await viewer.findings.report({ status: 'resolved' })).findings;
    expect(resolved.find((f) => f.target === 'service/nextcloud')).toMatchObject({
      resolvedAt: expect.any(String),
      resolvedReason: 'passed on a later check',
    });
    expect(resolved.find((f) => f.target === 'node/pve1')!.resolvedReason).toMatch(/no longer reported/);
    // A check that always passed is passing, not "resolved"; the trend counts what was open each day.
    expect(resolved.some((f) => f.target === 'service/gitea')).toBe(false);
    expect(
      (await viewer.findings.report({ status: 'all' })).findings.find((f) => f.target === 'service/gitea'),
    ).toMatchObject({ result: 'pass', resolvedAt: null });
    expect((await viewer.findings.report({})).trend.at(-1)!.open).toBe(2);
  });

  it('takes results from the ingest API too, and filters, searches and sorts', async () => {
    const agent = await createToken(t.app, { name: 'a-sec', scopes: ['ingest:findings'] });
    const res = await ingest(
      t.app,
      'findings',
      {
        findings: [
          {
            policy: 'open-ports',
            target: 'lxc/206',
            status: 'fail',
            severity: 'low',
            details: 'port 53/tcp open to the WAN',
          },
        ],
      },
      agent,
    );
    expect(res.json()).toEqual({ changed: 1 });
    expect((await viewer.findings.report({ q: 'wan' })).findings.map((f) => f.target)).toEqual(['lxc/206']);
    expect((await viewer.findings.report({ severity: 'critical' })).findings.map((f) => f.target)).toEqual([
      'qemu/204',
    ]);
    expect((await viewer.findings.report({ sort: 'severity' })).findings.map((f) => f.severity)).toEqual([
      'critical',
      'medium',
      'low',
    ]);
    expect(
      (await ingest(t.app, 'findings', { findings: [{ policy: 'x', target: 'y', status: 'broken' }] }, agent))
        .statusCode,
    ).toBe(400);
  });

  it('exports the report as CSV and JSON, with spreadsheet formulas defused', async () => {
    const agent = await createToken(t.app, { name: 'a-sec-2', scopes: ['ingest:findings'] });
    await ingest(
      t.app,
      'findings',
      { findings: [{ policy: '=HYPERLINK("x")', target: 'lxc/1', status: 'fail', severity: 'info' }] },
      agent,
    );
    const headers = await signInHeaders(t.app, 'viewer');
    const csv = await t.app.inject({ method: 'GET', url: '/api/findings/export?format=csv&status=open', headers });
    expect(csv.body.split('\r\n')[0]).toBe(
      'policy,target,result,severity,details,firstSeen,lastSeen,resolvedAt,resolvedReason,source',
    );
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    const json = await t.app.inject({ method: 'GET', url: '/api/findings/export?format=json&status=open', headers });
    expect(json.json().findings.map((f: { target: string }) => f.target)).toContain('qemu/204');
  });
});
