import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, MAIN, startServer } from '../lib';

const CLUSTERS = 3;
const GUESTS = 5000;
const NODES_PER_CLUSTER = 12;
const POLL_MS = 2000;
const TOKEN = { id: 'ralf@pve!bench', secret: 'bench-secret' };
const TICKS = 100; // /proc/<pid>/stat counts CPU time in clock ticks of 1/100 s

/** CPU seconds the process has used so far (user + system). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

/**
 * Three Proxmox VE clusters of 5,000 guests in all, as their API answers (the shapes the demo
 * lab and the recorded fixtures have): every node, guest, storage; each node's status; each
 * guest's config and addresses. Nothing changes between readings, as in a quiet lab.
 */
async function serveClusters(): Promise<{ url: string; close: () => Promise<void>; configsRead: () => number }> {
  let configs = 0;
  const boot = Math.floor(Date.now() / 1000) - 10 * 86_400;
  const clusters = Array.from({ length: CLUSTERS }, (_, c) => {
    const nodes = Array.from({ length: NODES_PER_CLUSTER }, (_, n) => `c${c}-pve${n + 1}`);
    const count = Math.floor(GUESTS / CLUSTERS) + (c < GUESTS % CLUSTERS ? 1 : 0);
    const guests = Array.from({ length: count }, (_, i) => ({
      vmid: 10_000 * (c + 1) + i,
      type: i % 3 === 0 ? 'qemu' : 'lxc',
      node: nodes[i % nodes.length]!,
    }));
    return { name: `bench-${c}`, nodes, guests };
  });
  const resources = (c: (typeof clusters)[number]) => {
    const now = Math.floor(Date.now() / 1000);
    return [
      ...c.nodes.map((node) => ({
        id: `node/${node}`,
        type: 'node',
        node,
        status: 'online',
        cpu: 0.2,
        maxcpu: 32,
        mem: 64 * 1024 ** 3,
        maxmem: 256 * 1024 ** 3,
        disk: 20 * 1024 ** 3,
        maxdisk: 100 * 1024 ** 3,
        uptime: now - boot,
      })),
      ...c.guests.map((g) => ({
        id: `${g.type}/${g.vmid}`,
        type: g.type,
        vmid: g.vmid,
        name: `svc-${g.vmid}`,
        node: g.node,
        status: 'running',
        template: 0,
        tags: 'bench;scale',
        cpu: 0.05,
        maxcpu: 2,
        mem: 1024 ** 3,
        maxmem: 2 * 1024 ** 3,
        disk: 0,
        maxdisk: 32 * 1024 ** 3,
        uptime: now - boot - 3600,
        netin: 1000,
        netout: 1000,
      })),
      ...c.nodes.map((node) => ({
        id: `storage/${node}/local-lvm`,
        type: 'storage',
        node,
        storage: 'local-lvm',
        plugintype: 'lvmthin',
        content: 'images,rootdir',
        status: 'available',
        shared: 0,
        disk: 1e12,
        maxdisk: 2e12,
      })),
    ];
  };
  const server: HttpServer = createServer((req, res) => {
    if (req.headers.authorization !== `PVEAPIToken=${TOKEN.id}=${TOKEN.secret}`) return void res.writeHead(401).end();
    const m = /^\/c(\d)\/api2\/json\/(.*?)(\?.*)?$/.exec(req.url ?? '');
    const c = clusters[Number(m?.[1])];
    const path = m?.[2] ?? '';
    const send = (data: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data }));
    };
    if (!c) return void res.writeHead(404).end();
    if (path === 'cluster/status') return send([{ type: 'cluster', name: c.name, quorate: 1, nodes: c.nodes.length }]);
    if (path === 'cluster/resources') return send(resources(c));
    if (path === 'cluster/backup') return send([]);
    let g: RegExpExecArray | null;
    if (/^nodes\/[^/]+\/status$/.test(path))
      return send({ pveversion: 'pve-manager/8.3.2/3e76eec2', 'current-kernel': { release: '6.8.12-4-pve' } });
    if (/^nodes\/[^/]+\/disks\/(list|zfs)$/.test(path)) return send([]);
    if ((g = /^nodes\/[^/]+\/(qemu|lxc)\/(\d+)\/config$/.exec(path)) && ++configs)
      return send(
        g[1] === 'qemu'
          ? {
              agent: '1',
              net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
              scsi0: 'local-lvm:vm-disk-0,size=32G',
              digest: 'a'.repeat(40),
            }
          : {
              net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:02,type=veth',
              rootfs: 'local-lvm:subvol,size=32G',
              digest: 'b'.repeat(40),
            },
      );
    if ((g = /^nodes\/[^/]+\/qemu\/(\d+)\/agent\/network-get-interfaces$/.exec(path)))
      return send({
        result: [
          { name: 'ens18', 'ip-addresses': [{ 'ip-address': `10.${g[1]!.slice(0, 2)}.${Number(g[1]) % 250}.2` }] },
        ],
      });
    if ((g = /^nodes\/[^/]+\/lxc\/(\d+)\/interfaces$/.exec(path)))
      return send([{ name: 'eth0', inet: `10.${g[1]!.slice(0, 2)}.${Number(g[1]) % 250}.3/16` }]);
    if (/^nodes\/[^/]+\/storage\/[^/]+\/content$/.test(path)) return send([]);
    res.writeHead(501).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
    configsRead: () => configs,
  };
}

/**
 * Issue 19: 5,000 guests over 3 Proxmox VE clusters, read every 2 s by the built BFF on its
 * embedded default (PGlite). Reported: how long until the whole fleet is there; the BFF's CPU per
 * poll cycle once every guest's details are read and nothing changes (target < 1 s); and how many
 * changes and live events such quiet cycles produce (target: none).
 */
export async function proxmoxPollBench() {
  const pve = await serveClusters();
  const dir = mkdtempSync(join(tmpdir(), 'ralf-bench-pve-'));
  const profile = join(dir, 'profile.yaml');
  writeFileSync(
    profile,
    'proxmox:\n' +
      Array.from(
        { length: CLUSTERS },
        (_, c) =>
          `  - { name: bench-${c}, url: "${pve.url}/c${c}", token_id: "${TOKEN.id}", token_secret: "vault://pve/bench" }`,
      ).join('\n'),
  );
  const env = {
    RALF_DATA_DIR: dir,
    RALF_PROFILE: profile,
    VAULT_PVE_BENCH: TOKEN.secret,
    PROXMOX_POLL_INTERVAL: `${POLL_MS}ms`,
    RALF_ADMIN_PASSWORD: 'bench-admin-password',
  };
  const t0 = performance.now();
  const server = await startServer('node', [MAIN], env, await freePort());
  const pid = server.child.pid!;
  try {
    const firstReadingMs = Math.round(performance.now() - t0);
    // Every guest's details (config, addresses) are read 64 per cluster and reading: the warm-up
    // lasts until every guest's config was asked once and a whole cycle asks for none.
    const warmStart = performance.now();
    const warmCpu0 = cpuSeconds(pid);
    let seen = -1;
    while (performance.now() - warmStart < 180_000) {
      await new Promise((r) => setTimeout(r, POLL_MS * 1.5));
      const n = pve.configsRead();
      if (n >= GUESTS && n === seen) break;
      seen = n;
    }
    const warmupS = Math.round((performance.now() - warmStart) / 1000);
    const warmupCpuS = Math.round((cpuSeconds(pid) - warmCpu0) * 10) / 10;
    // Quiet: 15 cycles with a browser's live stream open; every change it hears is counted.
    const session = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: env.RALF_ADMIN_PASSWORD }),
    });
    const cookie = /ralf_session=[^;]+/.exec(session.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const live = new AbortController();
    let events = 0;
    let opened = false;
    void fetch(`${server.url}/trpc/live.onChange`, { signal: live.signal, headers: { cookie } })
      .then(async (r) => {
        opened = r.ok;
        const reader = r.body!.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          events += (new TextDecoder().decode(value).match(/"seq":/g) ?? []).length;
        }
      })
      .catch(() => {});
    const c0 = cpuSeconds(pid);
    const w0 = performance.now();
    const configs0 = pve.configsRead();
    await new Promise((r) => setTimeout(r, 15 * POLL_MS));
    const quietCpuS = cpuSeconds(pid) - c0;
    const quietCycles = Math.round((performance.now() - w0) / POLL_MS);
    live.abort();
    return {
      clusters: CLUSTERS,
      guests: GUESTS,
      pollMs: POLL_MS,
      firstReadingMs,
      warmupS,
      warmupCpuS,
      quietCycles,
      cpuPerQuietCycleS: Math.round((quietCpuS / quietCycles) * 1000) / 1000,
      detailRequestsWhileQuiet: pve.configsRead() - configs0,
      liveStreamOpened: opened,
      liveEventsWhileQuiet: events,
    };
  } finally {
    await server.stop();
    await pve.close();
  }
}
