/**
 * Plain lists beside the schemas built from them, in a module without zod, so that the browser
 * can check a value from the address bar without loading zod.
 */
export const FLEET_SORT_KEYS = [
  'name',
  'vmid',
  'status',
  'node',
  'type',
  'cores',
  'memory',
  'disk',
  'tags',
  'cpuUse',
  'memUse',
  'diskUse',
] as const;

export const RANGES = ['1h', '6h', '24h', '7d'] as const;

export const RANGE_SECONDS: Record<(typeof RANGES)[number], number> = {
  '1h': 3600,
  '6h': 21600,
  '24h': 86400,
  '7d': 604800,
};

/** The four roles of DESIGN.md §8; a user may hold several. */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a procedure or route declares it needs. `read` is every status page; `deploy` starts,
 * cancels and retries deployments (operators and admins, issue 5); `decide` approves and rejects
 * plans; `admin` manages users, tokens and settings.
 */
export const PERMISSIONS = ['read', 'deploy', 'decide', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Which role grants which permission; the BFF decides with it and the UI hides with it. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  operator: ['read', 'deploy'],
  approver: ['read', 'decide'],
  admin: ['read', 'deploy', 'admin'],
};

export const permissionsOf = (roles: readonly Role[]): Permission[] =>
  PERMISSIONS.filter((p) => roles.some((r) => ROLE_PERMISSIONS[r].includes(p)));

/** What an agent's API token may do on the ingest API (issue 4 and the issues after it). */
export const TOKEN_SCOPES = [
  'ingest:inventory',
  'ingest:deployments',
  'ingest:plans',
  'ingest:trails',
  'ingest:loops',
  'ingest:findings',
  'ingest:bots',
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * Where to go after sign-in: only a path of this app, so `?next=` cannot send anyone to another
 * site. Browsers drop tabs and newlines from URLs and read `\\` as `/`, so `/\t/evil.example`
 * would become `//evil.example`: any control character or backslash is refused, and what is left
 * must resolve to this origin.
 */
export function safeReturnPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2000) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  const base = 'http://ralf-ui.invalid';
  try {
    const u = new URL(next, base);
    return u.origin === base && !next.startsWith('//') ? `${u.pathname}${u.search}${u.hash}` : '/';
  } catch {
    return '/';
  }
}

/** The most calls one tRPC batch may carry; the BFF refuses more, the web client sends no more. */
export const TRPC_MAX_BATCH = 20;

/** Why a single sign-on came back without a session: the sign-in page translates the code. */
export const OIDC_ERROR_CODES = [
  'provider-denied',
  'refused',
  'no-role',
  'account-exists',
  'provider-unavailable',
  'failed',
] as const;
export type OidcErrorCode = (typeof OIDC_ERROR_CODES)[number];
