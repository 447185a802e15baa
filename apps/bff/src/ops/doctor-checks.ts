import { sql } from 'kysely';
import type { DbClient } from '../adapters/db/client';
import { MIGRATIONS } from '../adapters/db/migrations/index';
import { MatrixClient } from '../adapters/matrix/matrix-client';
import { PrometheusMetrics } from '../adapters/prometheus/prometheus-metrics';
import { ProxmoxApi, type ProxmoxEndpoint } from '../adapters/proxmox/proxmox-api';
import { RALF_VERSION } from '../version';

/** One line of the doctor's table: what was checked, how it went, and what to do about it. */
export interface Finding {
  check: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  detail: string;
  fix?: string;
}

const ok = (check: string, detail: string): Finding => ({ check, status: 'ok', detail });
const warn = (check: string, detail: string, fix?: string): Finding => ({ check, status: 'warn', detail, fix });
const fail = (check: string, detail: string, fix?: string): Finding => ({ check, status: 'fail', detail, fix });
const reason = (err: unknown) => (err as Error).message.split('\n')[0]!;

/** PostgreSQL 15 or newer, the rights to make and change its schema, and where its migrations stand. */
export async function checkDatabase(client: DbClient): Promise<Finding[]> {
  const out: Finding[] = [];
  const [v] = (
    await sql<{
      num: number;
      text: string;
      create_db: boolean;
      has_schema: boolean;
      create_schema: boolean | null;
    }>`select current_setting('server_version_num')::int as num, current_setting('server_version') as text,
      has_database_privilege(current_database(), 'CREATE') as create_db,
      exists (select 1 from pg_namespace where nspname = 'ralf') as has_schema,
      case when exists (select 1 from pg_namespace where nspname = 'ralf')
        then has_schema_privilege('ralf', 'CREATE') and has_schema_privilege('ralf', 'USAGE') end as create_schema`.execute(
      client.db,
    )
  ).rows;
  const name = client.kind === 'pglite' ? 'database (embedded)' : 'database (PostgreSQL)';
  if (v!.num < 150000)
    out.push(
      fail(
        name,
        `PostgreSQL ${v!.text}; ralf-ui needs 15 or newer`,
        'upgrade PostgreSQL, or point DATABASE_URL at a newer server',
      ),
    );
  else out.push(ok(name, `PostgreSQL ${v!.text}`));
  const rights = v!.has_schema ? v!.create_schema : v!.create_db;
  out.push(
    rights
      ? ok('database privileges', v!.has_schema ? 'may use and change schema ralf' : 'may create schema ralf')
      : fail(
          'database privileges',
          v!.has_schema
            ? 'no CREATE or USAGE on schema ralf'
            : 'no CREATE on the database (schema ralf cannot be made)',
          'make the DATABASE_URL user own the database: ALTER DATABASE … OWNER TO …',
        ),
  );
  if (!v!.has_schema) {
    out.push(ok('migrations', `none applied yet: ralf-ui applies ${MIGRATIONS.length} at its first start`));
    return out;
  }
  const done = (await sql<{ version: string }>`select version from ralf.schema_migration`.execute(client.db)).rows.map(
    (r) => r.version,
  );
  const known = new Set(MIGRATIONS.map((m) => m.version));
  const newer = done.filter((d) => !known.has(d));
  const pending = MIGRATIONS.filter((m) => !done.includes(m.version));
  if (newer.length)
    out.push(
      fail(
        'migrations',
        `${newer.join(', ')} unknown to ralf-ui ${RALF_VERSION}: a newer release upgraded this database`,
        'run that release or newer; downgrades are refused',
      ),
    );
  else if (pending.length)
    out.push(
      ok(
        'migrations',
        `${pending.length} of ${MIGRATIONS.length} to apply at the next start (${pending.at(-1)!.version})`,
      ),
    );
  else out.push(ok('migrations', `all ${MIGRATIONS.length} applied`));
  return out;
}

/** Clock skew between this machine and the database: sessions, approvals and windows compare both. */
export async function checkClock(client: DbClient): Promise<Finding> {
  const before = Date.now();
  const { rows } = await sql<{ t: number }>`select extract(epoch from clock_timestamp())::float8 * 1000 as t`.execute(
    client.db,
  );
  const skew = Math.abs(rows[0]!.t - (before + Date.now()) / 2);
  const text = `${(skew / 1000).toFixed(1)} s between this machine and the database`;
  if (skew > 60_000) return fail('clock skew', text, 'run NTP (chrony or systemd-timesyncd) on both machines');
  if (skew > 5000) return warn('clock skew', text, 'run NTP (chrony or systemd-timesyncd) on both machines');
  return ok('clock skew', text);
}

/** Prometheus answers, has pve_* series, and their `id` labels are the inventory's. */
export async function checkPrometheus(
  p: { url: string; timeoutMs: number },
  inventory: string[] | null,
): Promise<Finding> {
  const name = 'prometheus';
  try {
    const snap = await new PrometheusMetrics({ ...p, scrapeIntervalMs: 15_000 }).snapshot();
    const ids = [...snap.usage.keys()];
    if (!inventory) return ok(name, `${p.url}: pve_* series for ${ids.length} ids`);
    const seen = new Set(ids);
    const matched = inventory.filter((id) => seen.has(id));
    const text = `${p.url}: pve_* series for ${matched.length} of ${inventory.length} inventory ids`;
    if (inventory.length && !matched.length)
      return fail(
        name,
        `${text} (it has ${ids.slice(0, 3).join(', ') || 'none'}…)`,
        'scrape prometheus-pve-exporter for the same cluster the inventory comes from',
      );
    if (matched.length < inventory.length)
      return warn(
        name,
        `${text}; without series: ${inventory
          .filter((id) => !seen.has(id))
          .slice(0, 5)
          .join(', ')}`,
        'guests without series show no usage; check the exporter covers every node',
      );
    return ok(name, text);
  } catch (err) {
    return fail(
      name,
      `${p.url}: ${reason(err)}`,
      'is Prometheus running at PROMETHEUS_URL, and does it scrape prometheus-pve-exporter?',
    );
  }
}

/** What ralf-ui reads with (PVEAuditor) and what acting asks (issue 20's RalfOperator role). */
const READ_PRIVS = { pve: ['Sys.Audit', 'VM.Audit', 'Datastore.Audit'], pbs: ['Datastore.Audit'] };
const ACT_PRIVS = ['VM.PowerMgmt', 'VM.Snapshot', 'VM.Backup'];

/** The token is taken, the certificate is the pinned one, and the token holds the privileges ralf-ui uses. */
export async function checkProxmox(e: ProxmoxEndpoint): Promise<Finding[]> {
  const name = `${e.kind === 'pve' ? 'Proxmox VE' : 'PBS'} ${e.name}`;
  const api = new ProxmoxApi(e);
  let version: { version: string };
  try {
    version = await api.get<{ version: string }>('version');
  } catch (err) {
    const why = reason(err);
    const fix = /fingerprint/.test(why)
      ? `set ${e.kind === 'pve' ? 'PROXMOX' : 'PBS'}_FINGERPRINT to the fingerprint the server shows (pvenode cert info)`
      : /401|authentication|ticket|token/i.test(why)
        ? 'the token id or secret is wrong, or the token was removed: make a new one (pveum user token add)'
        : 'is the address right and the port open from this machine?';
    return [fail(name, `${e.url}: ${why}`, fix)];
  }
  const out = [
    ok(name, `${e.url}: ${e.kind === 'pve' ? 'Proxmox VE' : 'PBS'} ${version.version}, token ${e.tokenId} accepted`),
  ];
  let perms: Record<string, Record<string, unknown>>;
  try {
    perms = await api.get<Record<string, Record<string, unknown>>>('access/permissions');
  } catch (err) {
    return [...out, warn(`${name} privileges`, `cannot list the token's privileges: ${reason(err)}`)];
  }
  const held = new Set(Object.values(perms).flatMap((p) => Object.keys(p).filter((k) => p[k])));
  const missing = READ_PRIVS[e.kind].filter((p) => !held.has(p));
  if (missing.length)
    out.push(
      fail(
        `${name} privileges`,
        `the token lacks ${missing.join(', ')}`,
        e.kind === 'pve'
          ? 'pveum acl modify / --tokens <token> --roles PVEAuditor'
          : 'give the token DatastoreAudit on /datastore',
      ),
    );
  else if (e.kind === 'pve' && ACT_PRIVS.some((p) => !held.has(p)))
    out.push(
      warn(
        `${name} privileges`,
        `reads; acting needs ${ACT_PRIVS.filter((p) => !held.has(p)).join(', ')}`,
        'give the token the RalfOperator role (README: acting on Proxmox) to power, snapshot and back up',
      ),
    );
  else out.push(ok(`${name} privileges`, e.kind === 'pve' ? 'reads and acts' : 'reads the datastores'));
  return out;
}

/** Any HTTP answer from the address: it is reachable (what each service's own API says is checked elsewhere). */
export async function checkHttp(
  check: string,
  url: string,
  timeoutMs: number,
  expect?: (res: Response) => Promise<string | null>,
): Promise<Finding> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const problem = expect ? await expect(res) : null;
    return problem ? fail(check, `${url}: ${problem}`) : ok(check, `${url}: answers (HTTP ${res.status})`);
  } catch (err) {
    const cause = (err as { cause?: Error }).cause?.message;
    return fail(check, `${url}: ${cause ?? reason(err)}`, 'is it running, and the address right from this machine?');
  }
}

/** A Matrix channel's token is valid and its bot has joined the channel's room. */
export async function checkMatrixRoom(
  id: string,
  t: { homeserver: string; token: string; room: string },
  timeoutMs: number,
): Promise<Finding> {
  const name = `matrix ${id}`;
  const client = new MatrixClient({ homeserver: t.homeserver, token: t.token, timeoutMs });
  try {
    const user = await client.whoami();
    const res = await fetch(`${t.homeserver}/_matrix/client/v3/joined_rooms`, {
      headers: { authorization: `Bearer ${t.token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const joined = ((await res.json()) as { joined_rooms?: string[] }).joined_rooms ?? [];
    if (!joined.includes(t.room))
      return fail(name, `${user} has not joined ${t.room}`, `invite ${user} to the room and accept the invitation`);
    return ok(name, `${user} in ${t.room}`);
  } catch (err) {
    return fail(
      name,
      `${t.homeserver}: ${reason(err)}`,
      'is the access token valid (log in again as the bot to get a new one)?',
    );
  }
}

/** The OIDC provider's discovery document, and the redirect URI to register there. */
export async function checkOidc(issuer: string, publicUrl: string, timeoutMs: number): Promise<Finding> {
  const redirect = `${publicUrl}/auth/oidc/callback`;
  const doc = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const f = await checkHttp('oidc', doc, timeoutMs, async (res) => {
    if (!res.ok) return `HTTP ${res.status}`;
    const d = (await res.json()) as { issuer?: string; authorization_endpoint?: string };
    if (d.issuer?.replace(/\/$/, '') !== issuer.replace(/\/$/, '')) return `names issuer ${d.issuer}, not ${issuer}`;
    return d.authorization_endpoint ? null : 'has no authorization_endpoint';
  });
  return f.status === 'ok'
    ? ok('oidc', `${issuer}: discovery document read; register the redirect URI ${redirect}`)
    : f;
}

/** RALF_PUBLIC_URL reaches a ralf-ui (this release), as browsers, n8n and the OIDC provider will. */
export function checkPublicUrl(publicUrl: string, timeoutMs: number): Promise<Finding> {
  return checkHttp('RALF_PUBLIC_URL', `${publicUrl}/healthz`, timeoutMs, async (res) => {
    if (!res.ok) return `HTTP ${res.status} instead of ralf-ui's health answer`;
    const body = (await res.json().catch(() => null)) as { status?: string; release?: string } | null;
    if (body?.status !== 'ok') return 'does not answer as ralf-ui';
    return body.release && body.release !== RALF_VERSION
      ? `reaches ralf-ui ${body.release}, not this ${RALF_VERSION}`
      : null;
  });
}
