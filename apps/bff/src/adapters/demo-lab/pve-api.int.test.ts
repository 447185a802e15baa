import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { AppError } from '../../lib/app-error';
import { ProxmoxApi } from '../proxmox/proxmox-api';
import { inventoryOf } from '../proxmox/pve-inventory';
import { DEMO_CLUSTER, DEMO_PVE_TOKEN } from './pve-api';
import { DEMO_PBS_TOKEN } from './pbs-api';

const tls = join(import.meta.dirname, '../../../test/fixtures/tls');

describe("the demo lab's Proxmox VE API", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let base: string;
  /** `https://127.0.0.1:<port>/api2/json/…` → the BFF's `/demo-lab/pve/api2/json/…`: where a real client expects Proxmox. */
  let proxy: Server;
  let proxyPort: number;

  beforeAll(async () => {
    t = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}/demo-lab/pve`;
    proxy = createServer(
      { cert: readFileSync(join(tls, 'pve-cert.pem')), key: readFileSync(join(tls, 'pve-key.pem')) },
      (req, res) => {
        const upstream = request(
          {
            host: '127.0.0.1',
            port,
            // A PBS client's token says where it wants to go: the lab's PBS rather than its PVE.
            path: `/demo-lab/${String(req.headers.authorization).startsWith('PBSAPIToken') ? 'pbs' : 'pve'}${req.url}`,
            method: req.method,
            headers: { ...req.headers, host: `127.0.0.1:${port}` },
          },
          (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          },
        );
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
      },
    );
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await t.stop();
  });

  const api = (secret: string = DEMO_PVE_TOKEN.secret) =>
    new ProxmoxApi({
      kind: 'pve',
      name: DEMO_CLUSTER,
      url: base,
      tokenId: DEMO_PVE_TOKEN.tokenId,
      secret,
      fingerprint: null,
      ca: null,
      timeoutMs: 5000,
    });

  it('describes the same cluster the lab runs, read through the Proxmox adapter', async () => {
    const inv = inventoryOf(await api().get<unknown[]>('cluster/resources'), DEMO_CLUSTER, new Date());
    expect(inv.problems).toEqual([]);
    expect(inv.nodes.map((n) => n.id)).toEqual(t.lab!.nodes.map((n) => n.id));
    expect(inv.guests.map((g) => [g.id, g.nodeId, g.status, g.cores]).sort()).toEqual(
      t.lab!.guests.map((g) => [g.id, g.nodeId, g.status, g.cores]).sort(),
    );
    // local, local-lvm and the PBS storage on every node; a ZFS pool on pve2 and pve3.
    expect(inv.skipped).toEqual({ storage: 3 * t.lab!.nodes.length + 2, pool: 1, sdn: 1 });
    expect(inv.templates).toEqual([{ id: 'qemu/9000', name: 'debian-12-cloudinit', node: 'pve1' }]);
    const fleet = await t.services.fleet.inventory();
    expect(inv.guests.map((g) => g.id).sort()).toEqual(fleet.guests.map((g) => g.id).sort());
  });

  it('filters by type and answers the cluster status with its quorum', async () => {
    const vms = await api().get<{ type: string }[]>('cluster/resources?type=vm');
    expect(new Set(vms.map((r) => r.type))).toEqual(new Set(['qemu', 'lxc']));
    const status = await api().get<{ type: string; name: string; quorate?: number }[]>('cluster/status');
    expect(status[0]).toMatchObject({ type: 'cluster', name: DEMO_CLUSTER, quorate: 1 });
  });

  it('refuses a request without its token, as Proxmox does', async () => {
    const err = await api('wrong')
      .get('version')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ reason: 'proxmox.token-refused' });
  });

  it("is read by a real Proxmox client: Debian's python3-proxmoxer, with an API token", async () => {
    const script = [
      'import json',
      'from proxmoxer import ProxmoxAPI',
      `p = ProxmoxAPI('127.0.0.1', port=${proxyPort}, user='ralf@pve', token_name='demo', token_value='${DEMO_PVE_TOKEN.secret}', verify_ssl=False, service='PVE')`,
      "print(json.dumps({'version': p.version.get()['version'], 'nodes': sorted(n['node'] for n in p.nodes.get()),",
      "  'vms': len(p.cluster.resources.get(type='vm')), 'storage': len(p.cluster.resources.get(type='storage')),",
      "  'pve3': p.nodes('pve3').status.get()['pveversion'],",
      "  'net0': p.nodes('pve3').qemu(200).config.get()['net0'],",
      "  'ips': [a['ip-address'] for i in p.nodes('pve3').qemu(200).agent.get('network-get-interfaces')['result'] for a in i['ip-addresses']],",
      "  'ct': [i.get('inet') for i in p.nodes('pve1').lxc(101).interfaces.get()],",
      "  'jobs': [j['id'] for j in p.cluster.backup.get()],",
      "  'local': len(p.nodes('pve1').storage('local').content.get(content='backup'))}))",
      // The lab's Proxmox Backup Server, through proxmoxer's PBS backend and token.
      `b = ProxmoxAPI('127.0.0.1', port=${proxyPort}, user='ralf@pbs', token_name='demo', token_value='${DEMO_PBS_TOKEN.secret}', verify_ssl=False, service='PBS')`,
      "print(json.dumps({'stores': [s['store'] for s in b.admin.datastore.get()],",
      "  'snapshots': len(b.admin.datastore('backup').snapshots.get(ns='ralf-lab'))}))",
    ].join('\n');
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-W', 'ignore', '-c', script], {
      timeout: 30_000,
    });
    const [pve, pbs] = stdout.trim().split('\n');
    expect(JSON.parse(pbs!)).toEqual({ stores: ['backup'], snapshots: expect.any(Number) as number });
    expect(JSON.parse(pbs!).snapshots).toBeGreaterThan(150);
    expect(JSON.parse(pve!)).toEqual({
      version: '8.3.2',
      nodes: t.lab!.nodes.map((n) => n.name).sort(),
      // The template is listed among the VMs, as Proxmox lists it.
      vms: t.lab!.guests.length + 1,
      storage: 3 * t.lab!.nodes.length + 2,
      pve3: 'pve-manager/8.3.2/3e76eec21c4a14a7',
      net0: 'virtio=BC:24:11:00:00:C8,bridge=vmbr0,firewall=1',
      ips: ['127.0.0.1', '::1', '10.20.0.202', 'fe80::be24:11ff:fe00:c8'],
      ct: ['127.0.0.1/8', '10.20.0.103/16'],
      jobs: ['backup-ralf-nightly'],
      local: 1,
    });
  });
  it("is acted on by the same real client: a snapshot is a task proxmoxer follows by its UPID to 'TASK OK'", async () => {
    const script = [
      'import json, time',
      'from proxmoxer import ProxmoxAPI',
      `p = ProxmoxAPI('127.0.0.1', port=${proxyPort}, user='ralf@pve', token_name='demo', token_value='${DEMO_PVE_TOKEN.secret}', verify_ssl=False, service='PVE')`,
      "upid = p.nodes('pve3').qemu(200).snapshot.post(snapname='from-proxmoxer', description='a real client')",
      'for _ in range(200):',
      "  s = p.nodes('pve3').tasks(upid).status.get()",
      "  if s['status'] == 'stopped': break",
      '  time.sleep(0.05)',
      "print(json.dumps({'upid': upid, 'type': s['type'], 'exit': s['exitstatus'],",
      "  'log': [l['t'] for l in p.nodes('pve3').tasks(upid).log.get()],",
      "  'snaps': [x['name'] for x in p.nodes('pve3').qemu(200).snapshot.get()]}))",
    ].join('\n');
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-W', 'ignore', '-c', script], {
      timeout: 30_000,
    });
    const out = JSON.parse(stdout.trim()) as Record<string, unknown>;
    expect(out).toEqual({
      upid: expect.stringMatching(
        /^UPID:pve3:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmsnapshot:200:ralf@pve!demo:$/,
      ) as string,
      type: 'qmsnapshot',
      exit: 'OK',
      log: ["create snapshot 'from-proxmoxer'", "snapshotting 'drive-scsi0' (local-lvm:vm-200-disk-0)", 'TASK OK'],
      snaps: ['jellyfin-10-10', 'from-proxmoxer', 'current'],
    });
  });
});
