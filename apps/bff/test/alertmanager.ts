import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './prometheus';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

export interface RunningAlertmanager {
  url: string;
  /** host:port, as Prometheus' alerting config names it. */
  address: string;
  dispose(): Promise<void>;
}

/**
 * Starts Debian's Alertmanager on a loopback port, alone (no cluster), with a route that
 * notifies nobody: the tests read and write its API v2. scripts/setup-machine.sh installs it.
 */
export async function startAlertmanager(): Promise<RunningAlertmanager> {
  if (!existsSync(ALERTMANAGER_BIN))
    throw new Error(
      `${ALERTMANAGER_BIN} is missing: run scripts/setup-machine.sh (Debian package prometheus-alertmanager)`,
    );
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ralf-am-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, ['route:', '  receiver: nobody', 'receivers:', '  - name: nobody', ''].join('\n'));
  const child: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (
      await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error('alertmanager did not become ready within 30 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    address: `127.0.0.1:${port}`,
    async dispose() {
      if (child.exitCode === null)
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
