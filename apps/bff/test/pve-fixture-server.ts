import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const dir = join(import.meta.dirname, 'fixtures/proxmox');
const load = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;

/**
 * The recorded Proxmox VE or PBS answers (test/fixtures/proxmox) served as Proxmox serves them, on a
 * loopback port: `/api2/json/<path>` with the token header required, `{"data": …}`, and an
 * error's reason in the status line. A path not recorded answers 501, so a reader asking for
 * more than the fixtures hold fails loudly.
 */
export async function servePveFixtures(
  token: string,
  kind: 'pve' | 'pbs' = 'pve',
  /** Names its nodes otherwise (`pve1` → `garage1`), to stand beside another cluster. */
  nodePrefix = 'pve',
): Promise<{ url: string; close: () => Promise<void> }> {
  const recorded = load(`${kind}-answers.json`).answers as Record<
    string,
    { data?: unknown; status?: number; message?: string }
  >;
  if (kind === 'pve') recorded['/cluster/resources'] = { data: load('cluster-resources.json').data };
  const answers = JSON.parse(JSON.stringify(recorded).replace(/\bpve(\d)\b/g, `${nodePrefix}$1`)) as typeof recorded;
  const server: Server = createServer((req, res) => {
    const full = (req.url ?? '').replace(/^\/api2\/json/, '');
    const path = full.split('?')[0]!;
    if (req.headers.authorization !== token)
      return void res.writeHead(401, 'authentication failure').end('{"data":null}');
    // An answer recorded for the path with its query wins (a PBS namespace), else the path's.
    const a = answers[full] ?? answers[path];
    if (!a) return void res.writeHead(501, `not recorded: ${path}`).end('{"data":null}');
    res.writeHead(a.status ?? 200, a.message ?? 'OK', { 'content-type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify({ data: a.status ? null : a.data }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
