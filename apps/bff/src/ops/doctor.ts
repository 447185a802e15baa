import { dm, doctorText, type DoctorText } from './doctor-messages';
import { openDatabase, type DbClient } from '../adapters/db/client';
import { DataDirInUseError } from '../adapters/db/data-dir-lock';
import type { Config } from '../config';
import { proxmoxEndpoints } from '../config-proxmox';
import { channelDirectory, resolveChannels } from '../features/notifications/channels-config';
import { loadProfile, matrixHomeserver, NO_PROFILE, resolveVaultRef } from '../profile';
import { RALF_VERSION } from '../version';
import {
  checkClock,
  checkDatabase,
  checkHttp,
  checkMatrixRoom,
  checkOidc,
  checkPrometheus,
  checkProxmox,
  checkPublicUrl,
  type Finding,
} from './doctor-checks';

const skip = (check: string, detail: DoctorText): Finding => ({ check, status: 'skip', detail });
const notSet = (check: string, name: string) => skip(check, dm('doctor.notSet', { name }));

/** What the database knows that other checks compare against, read while it is open. */
async function fromDatabase(client: DbClient) {
  const inventory = await client.db
    .selectFrom('ralf.guest')
    .select('id')
    .union(client.db.selectFrom('ralf.node').select('id'))
    .execute()
    .then((rows) => rows.map((r) => r.id))
    .catch(() => null); // not migrated yet
  return { inventory };
}

/**
 * `ralf-ui doctor` (issue 25): every configured connection checked, independently and at once,
 * as the server would use it. Returns the findings; a `fail` is something ralf-ui needs.
 */
export async function diagnose(config: Config): Promise<Finding[]> {
  const profile = config.profilePath ? loadProfile(config.profilePath) : NO_PROFILE;
  const resolve = (ref: string) => resolveVaultRef(ref, config.vault);
  const out: Finding[] = [];
  let client: DbClient | null = null;
  let inventory: string[] | null = null;
  const homeserver = matrixHomeserver(config.matrix.homeserver, profile);
  const fixedChannels = resolveChannels(config.notifyWebhook, profile.notifications, resolve, homeserver);
  const roomsOf = (channels: typeof fixedChannels) =>
    channels.flatMap((c) => (c.target?.type === 'matrix' ? [{ id: c.info.id, target: c.target }] : []));
  // The profile's channels even when the database cannot be read; the admin page's with it.
  let matrixRooms = roomsOf(fixedChannels);
  try {
    client = await openDatabase(config.database);
    out.push(...(await checkDatabase(client)));
    if (client.kind === 'postgres') out.push(await checkClock(client));
    inventory = (await fromDatabase(client)).inventory;
    const channels = await channelDirectory(fixedChannels, resolve, homeserver)
      .all(client.db)
      .catch(() => fixedChannels);
    matrixRooms = roomsOf(channels);
  } catch (err) {
    if (err instanceof DataDirInUseError) out.push(skip('database (embedded)', dm('doctor.dataDirInUse')));
    else
      out.push({
        check: config.database.kind === 'postgres' ? 'database (PostgreSQL)' : 'database (embedded)',
        status: 'fail',
        detail: dm('doctor.text', { text: (err as Error).message.split('\n')[0]! }),
        fix: dm(config.database.kind === 'postgres' ? 'doctor.dbFix' : 'doctor.dataDirFix'),
      });
  } finally {
    await client?.close();
  }
  const t = config.proxmoxTiming.PROXMOX_TIMEOUT;
  // Named as the settings name them: PROXMOX_URL's and PBS_URL's, the profile's by their names.
  const { clusters, backupServers } = proxmoxEndpoints(config, profile, resolve);
  const endpoints = [
    ...clusters.map((c) => ({ ...c, kind: 'pve' as const, name: c.name ?? 'PROXMOX_URL' })),
    ...backupServers.map((b) => ({ ...b, kind: 'pbs' as const, name: b.name ?? 'PBS_URL' })),
  ];
  const checks: Promise<Finding | Finding[]>[] = [
    config.prometheus
      ? checkPrometheus(config.prometheus, inventory)
      : Promise.resolve(
          config.demoLab ? skip('prometheus', dm('doctor.demoMetrics')) : notSet('prometheus', 'PROMETHEUS_URL'),
        ),
    ...(endpoints.length
      ? endpoints.map((e) => checkProxmox(e))
      : [
          Promise.resolve(
            config.demoLab ? skip('Proxmox VE', dm('doctor.demoApi')) : notSet('Proxmox VE', 'PROXMOX_URL'),
          ),
        ]),
    config.alertmanager
      ? checkHttp(
          'alertmanager',
          `${config.alertmanager.url}/api/v2/status`,
          config.alertmanager.timeoutMs,
          async (r) => (r.ok ? null : dm('doctor.httpStatus', { status: r.status })),
        )
      : Promise.resolve(notSet('alertmanager', 'ALERTMANAGER_URL')),
    config.n8n
      ? checkHttp('n8n', config.n8n.webhookUrl, config.n8n.timeoutMs)
      : Promise.resolve(notSet('n8n', 'N8N_WEBHOOK_URL')),
    ...(homeserver
      ? [checkHttp('matrix homeserver', `${homeserver}/_matrix/client/versions`, config.matrix.timeoutMs)]
      : []),
    ...matrixRooms.map((m) => checkMatrixRoom(m.id, m.target, config.matrix.timeoutMs)),
    config.auth.oidc && config.auth.publicUrl
      ? checkOidc(config.auth.oidc.issuer, config.auth.publicUrl, t)
      : Promise.resolve(notSet('oidc', 'OIDC_ISSUER')),
    config.auth.publicUrl
      ? checkPublicUrl(config.auth.publicUrl, t)
      : Promise.resolve(skip('RALF_PUBLIC_URL', dm('doctor.publicUrlUnset'))),
  ];
  for (const f of await Promise.all(checks)) out.push(...(Array.isArray(f) ? f : [f]));
  return out;
}

const MARK: Record<Finding['status'], string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', skip: '-' };

/** The findings as a table, each problem followed by what to do; exit status 1 when any failed. */
export async function runDoctor(config: Config, print: (line: string) => void): Promise<number> {
  // In RALF_LANGUAGE, as the rest of the CLI (issue 18); the checks' names are the settings' own.
  const say = (m: DoctorText) => doctorText(config.language, m);
  const findings = await diagnose(config);
  const width = Math.max(...findings.map((f) => f.check.length));
  print(say(dm('doctor.title', { version: RALF_VERSION })));
  for (const f of findings) {
    print(`${f.check.padEnd(width)}  ${MARK[f.status].padEnd(4)}  ${say(f.detail)}`);
    if (f.fix && f.status !== 'ok') print(`${' '.repeat(width + 8)}→ ${say(f.fix)}`);
  }
  const failed = findings.filter((f) => f.status === 'fail');
  print(
    say(
      failed.length
        ? dm('doctor.failed', { n: failed.length, checks: failed.map((f) => f.check).join(', ') })
        : dm('doctor.allPassed'),
    ),
  );
  return failed.length ? 1 : 0;
}
