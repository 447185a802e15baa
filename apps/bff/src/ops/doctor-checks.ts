import { dm, type DoctorText } from './doctor-messages';
import { sql } from 'kysely';
import type { DbClient } from '../adapters/db/client';
import { MIGRATIONS } from '../adapters/db/migrations/index';
import { MatrixClient } from '../adapters/matrix/matrix-client';
import { PrometheusMetrics } from '../adapters/prometheus/prometheus-metrics';
import { ACT_PRIVILEGES, READ_PRIVILEGES } from '../adapters/proxmox/privileges';
import { ProxmoxApi, type ProxmoxEndpoint } from '../adapters/proxmox/proxmox-api';
import { RALF_VERSION } from '../version';

/** One line of the doctor's table: what was checked, how it went, and what to do about it. */
export interface Finding {
  check: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  detail: DoctorText;
  fix?: DoctorText;
}

const ok = (check: string, detail: DoctorText): Finding => ({ check, status: 'ok', detail });
const warn = (check: string, detail: DoctorText, fix?: DoctorText): Finding => ({ check, status: 'warn', detail, fix });
const fail = (check: string, detail: DoctorText, fix?: DoctorText): Finding => ({ check, status: 'fail', detail, fix });
const reason = (err: unknown) => (err as Error).message.split('\n')[0]!;
/** A connection's problem: its address and what went wrong (the adapters' words). */
const at = (url: string, why: string) => dm('doctor.at', { url, reason: why });

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
  if (v!.num < 150000) out.push(fail(name, dm('doctor.pgTooOld', { version: v!.text }), dm('doctor.pgTooOldFix')));
  else out.push(ok(name, dm('doctor.pgVersion', { version: v!.text })));
  const rights = v!.has_schema ? v!.create_schema : v!.create_db;
  out.push(
    rights
      ? ok('database privileges', dm(v!.has_schema ? 'doctor.rightsSchema' : 'doctor.rightsDatabase'))
      : fail(
          'database privileges',
          dm(v!.has_schema ? 'doctor.noRightsSchema' : 'doctor.noRightsDatabase'),
          dm('doctor.rightsFix'),
        ),
  );
  if (!v!.has_schema) {
    out.push(ok('migrations', dm('doctor.migrationsNone', { n: MIGRATIONS.length })));
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
        dm('doctor.migrationsNewer', { versions: newer.join(', '), release: RALF_VERSION }),
        dm('doctor.migrationsNewerFix'),
      ),
    );
  else if (pending.length)
    out.push(
      ok(
        'migrations',
        dm('doctor.migrationsPending', {
          pending: pending.length,
          total: MIGRATIONS.length,
          last: pending.at(-1)!.version,
        }),
      ),
    );
  else out.push(ok('migrations', dm('doctor.migrationsDone', { n: MIGRATIONS.length })));
  return out;
}

/** Clock skew between this machine and the database: sessions, approvals and windows compare both. */
export async function checkClock(client: DbClient): Promise<Finding> {
  const before = Date.now();
  const { rows } = await sql<{ t: number }>`select extract(epoch from clock_timestamp())::float8 * 1000 as t`.execute(
    client.db,
  );
  const skew = Math.abs(rows[0]!.t - (before + Date.now()) / 2);
  const text = dm('doctor.clock', { seconds: (skew / 1000).toFixed(1) });
  if (skew > 60_000) return fail('clock skew', text, dm('doctor.clockFix'));
  if (skew > 5000) return warn('clock skew', text, dm('doctor.clockFix'));
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
    if (!inventory) return ok(name, dm('doctor.promIds', { url: p.url, n: ids.length }));
    const seen = new Set(ids);
    const matched = inventory.filter((id) => seen.has(id)).length;
    const counts = { url: p.url, matched, total: inventory.length };
    if (inventory.length && !matched)
      return fail(
        name,
        dm('doctor.promNoMatch', { ...counts, some: ids.slice(0, 3).join(', ') }),
        dm('doctor.promNoMatchFix'),
      );
    if (matched < inventory.length) {
      const missing = inventory.filter((id) => !seen.has(id)).slice(0, 5);
      return warn(name, dm('doctor.promSome', { ...counts, missing: missing.join(', ') }), dm('doctor.promSomeFix'));
    }
    return ok(name, dm('doctor.promMatched', counts));
  } catch (err) {
    return fail(name, at(p.url, reason(err)), dm('doctor.promFix'));
  }
}

/** The token is taken, the certificate is the pinned one, and the token holds the privileges ralf-ui uses. */
export async function checkProxmox(e: ProxmoxEndpoint): Promise<Finding[]> {
  const product = e.kind === 'pve' ? 'Proxmox VE' : 'PBS';
  const name = `${product} ${e.name}`;
  const api = new ProxmoxApi(e);
  let version: { version: string };
  try {
    version = await api.get<{ version: string }>('version');
  } catch (err) {
    const why = reason(err);
    const fix = /fingerprint/.test(why)
      ? dm('doctor.fingerprintFix', { prefix: e.kind === 'pve' ? 'PROXMOX' : 'PBS' })
      : /401|authentication|ticket|token/i.test(why)
        ? dm('doctor.tokenFix')
        : dm('doctor.reachFix');
    return [fail(name, at(e.url, why), fix)];
  }
  const out = [ok(name, dm('doctor.proxmoxOk', { url: e.url, product, version: version.version, token: e.tokenId }))];
  let perms: Record<string, Record<string, unknown>>;
  try {
    perms = await api.get<Record<string, Record<string, unknown>>>('access/permissions');
  } catch (err) {
    return [...out, warn(`${name} privileges`, dm('doctor.privilegesUnlisted', { reason: reason(err) }))];
  }
  const held = new Set(Object.values(perms).flatMap((p) => Object.keys(p).filter((k) => p[k])));
  const missing = READ_PRIVILEGES[e.kind].filter((p) => !held.has(p));
  const acting = ACT_PRIVILEGES.filter((p) => !held.has(p));
  if (missing.length)
    out.push(
      fail(
        `${name} privileges`,
        dm('doctor.privilegesMissing', { privileges: missing.join(', ') }),
        dm(e.kind === 'pve' ? 'doctor.privilegesFixPve' : 'doctor.privilegesFixPbs'),
      ),
    );
  else if (e.kind === 'pve' && acting.length)
    out.push(
      warn(
        `${name} privileges`,
        dm('doctor.privilegesActing', { privileges: acting.join(', ') }),
        dm('doctor.privilegesActingFix'),
      ),
    );
  else out.push(ok(`${name} privileges`, dm(e.kind === 'pve' ? 'doctor.privilegesPve' : 'doctor.privilegesPbs')));
  return out;
}

/** Any HTTP answer from the address: it is reachable; `expect` says what else the answer must be. */
export async function checkHttp(
  check: string,
  url: string,
  timeoutMs: number,
  expect?: (res: Response) => Promise<DoctorText | null>,
): Promise<Finding> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const problem = expect ? await expect(res) : null;
    return problem
      ? fail(check, dm('doctor.at', { url, reason: problem }))
      : ok(check, dm('doctor.answers', { url, status: res.status }));
  } catch (err) {
    const cause = (err as { cause?: Error }).cause?.message;
    return fail(check, at(url, cause ?? reason(err)), dm('doctor.reachFix'));
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
    if (!(await client.joinedRooms()).includes(t.room))
      return fail(name, dm('doctor.matrixNotJoined', { user, room: t.room }), dm('doctor.matrixInviteFix', { user }));
    return ok(name, dm('doctor.matrixIn', { user, room: t.room }));
  } catch (err) {
    return fail(name, at(t.homeserver, reason(err)), dm('doctor.matrixTokenFix'));
  }
}

/** The OIDC provider's discovery document, and the redirect URI to register there. */
export async function checkOidc(issuer: string, publicUrl: string, timeoutMs: number): Promise<Finding> {
  const redirect = `${publicUrl}/auth/oidc/callback`;
  const doc = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const f = await checkHttp('oidc', doc, timeoutMs, async (res) => {
    if (!res.ok) return dm('doctor.httpStatus', { status: res.status });
    const d = (await res.json()) as { issuer?: string; authorization_endpoint?: string };
    if (d.issuer?.replace(/\/$/, '') !== issuer.replace(/\/$/, ''))
      return dm('doctor.issuerOther', { named: d.issuer ?? '?', issuer });
    return d.authorization_endpoint ? null : dm('doctor.noAuthEndpoint');
  });
  return f.status === 'ok' ? ok('oidc', dm('doctor.oidcOk', { issuer, redirect })) : f;
}

/** RALF_PUBLIC_URL reaches a ralf-ui (this release), as browsers, n8n and the OIDC provider will. */
export function checkPublicUrl(publicUrl: string, timeoutMs: number): Promise<Finding> {
  return checkHttp('RALF_PUBLIC_URL', `${publicUrl}/healthz`, timeoutMs, async (res) => {
    if (!res.ok) return dm('doctor.httpStatus', { status: res.status });
    const body = (await res.json().catch(() => null)) as { status?: string; release?: string } | null;
    if (body?.status !== 'ok') return dm('doctor.notRalf');
    return body.release && body.release !== RALF_VERSION
      ? dm('doctor.otherRelease', { release: body.release, ours: RALF_VERSION })
      : null;
  });
}
