import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningPrometheus {
  url: string;
  port: number;
  /** Stops the process, keeping its data (to test an outage). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/**
 * Starts Debian's Prometheus on a loopback port with a generated config that scrapes `targets`
 * (host:port with the metrics path) every second. scripts/test.sh installs the package.
 */
export async function startPrometheus(opts: {
  targets: string[];
  metricsPath: string;
  port?: number;
  /** A rule file's text (alerting rules), evaluated every second. */
  rules?: string;
  /** host:port of an Alertmanager to send firing alerts to. */
  alertmanager?: string;
}): Promise<RunningPrometheus> {
  if (!existsSync(PROMETHEUS_BIN))
    throw new Error(`${PROMETHEUS_BIN} is missing: run scripts/test.sh (it installs the Debian package prometheus)`);
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'ralf-prom-'));
  const config = join(dir, 'prometheus.yml');
  if (opts.rules) writeFileSync(join(dir, 'rules.yml'), opts.rules);
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: pve',
      `    metrics_path: ${opts.metricsPath}`,
      '    static_configs:',
      `      - targets: [${opts.targets.map((t) => `'${t}'`).join(', ')}]`,
      ...(opts.rules ? ['rule_files:', `  - ${join(dir, 'rules.yml')}`] : []),
      ...(opts.alertmanager
        ? ['alerting:', '  alertmanagers:', '    - static_configs:', `        - targets: ['${opts.alertmanager}']`]
        : []),
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const url = `http://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        // The first send comes before Alertmanager is discovered (a 5 s throttle) and is lost;
        // resend every second instead of every minute.
        ...(opts.alertmanager ? ['--rules.alert.resend-delay=1s'] : []),
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (
        await fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('prometheus did not become ready within 30 s');
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 5000).unref();
    });
  };
  await start();
  return {
    url,
    port,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
