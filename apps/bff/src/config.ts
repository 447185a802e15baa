import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { problemsOf, type Language, type Role } from '@ralf/shared';
import { z } from 'zod';
import { ConfigError } from './config-error';
import { AllowedHostsSchema } from './http/allowed-hosts';
import { PROXMOX_ENV, profileNamesProxmox, proxmoxOf, type ProxmoxConfig } from './config-proxmox';
import { bool, duration } from './config-values';

const EnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  RALF_DATA_DIR: z.string().default('.data'),
  PROMETHEUS_URL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  PROMETHEUS_TIMEOUT: duration(3000),
  METRICS_SCRAPE_INTERVAL: duration(15_000),
  RALF_DEMO_LAB: z.enum(['auto', 'on', 'off']).default('auto'),
  RALF_DEMO_GUESTS: z.coerce.number().int().min(1).max(20_000).optional(),
  RALF_DEMO_FROZEN_AT: z.iso.datetime({ error: 'an ISO 8601 time such as 2026-11-25T12:00:00Z' }).optional(),
  RALF_WEB_DIR: z.string().optional(),
  CATALOG_DIR: z.string().optional(),
  RALF_PROFILE: z.string().optional(),
  POLICY_RESULTS_DIR: z.string().optional(),
  MATRIX_HOMESERVER_URL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  MATRIX_TIMEOUT: duration(5000),
  ALERTMANAGER_URL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  ALERTMANAGER_TIMEOUT: duration(5000),
  // A quick-start notification channel (issue 23): every event of severity warning and above, signed when a secret is set.
  NOTIFY_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  NOTIFY_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  NOTIFY_SOURCE_AFTER: duration(600_000), // a data source away this long is told to the channels
  NOTIFY_WATCH_INTERVAL: duration(30_000),
  // One Proxmox VE cluster or standalone host, and one Proxmox Backup Server, read with API tokens (issue 19).
  ...PROXMOX_ENV,
  PROXMOX_TIMEOUT: duration(5000),
  PROXMOX_POLL_INTERVAL: duration(10_000),
  N8N_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  N8N_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  N8N_TIMEOUT: duration(10_000),
  N8N_CALLBACK_TIMEOUT: duration(10 * 60_000),
  RALF_DISPATCH_DELAY: duration(0),
  HTTP_CHECK_INTERVAL: duration(30_000),
  HTTP_CHECK_TIMEOUT: duration(10_000),
  // What ralf-ui writes outside the browser (CLI, its own trail events), and the demo agents' words (issue 18).
  RALF_LANGUAGE: z.enum(['de', 'en'], { error: 'de or en' }).default('de'),
  RALF_AGENT_LANGUAGE: z.enum(['de', 'en'], { error: 'de or en' }).default('de'),
  RALF_DISPATCH_RETRY_FOR: duration(10 * 60_000),
  /** How long a claimed outbox job is this process's; unset = derived from N8N_TIMEOUT. */
  RALF_OUTBOX_LEASE: duration(0),
  RALF_ADMIN_USER: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._@-]{0,63}$/, 'a lower-case username')
    .default('admin'),
  RALF_ADMIN_PASSWORD: z.string().min(10, 'a password of at least 10 characters').max(256).optional(),
  RALF_DEMO_ACCOUNTS: z.enum(['auto', 'on', 'off']).default('auto'),
  RALF_SESSION_IDLE: duration(12 * 3_600_000),
  RALF_SESSION_MAX: duration(7 * 86_400_000),
  RALF_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  TRUST_PROXY: bool.default(false),
  /** Host names browsers may use besides loopback, IP addresses and RALF_PUBLIC_URL's (comma-separated). */
  ALLOWED_HOSTS: AllowedHostsSchema,
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_ROLE_CLAIM: z.string().min(1).default('groups'),
  OIDC_ROLE_MAP: z
    .string()
    .regex(
      /^\s*[^=,\s]+\s*=\s*(viewer|operator|approver|admin)\s*(,\s*[^=,\s]+\s*=\s*(viewer|operator|approver|admin)\s*)*$/,
      'claim=role pairs such as ralf-admins=admin,ralf-ops=operator',
    )
    .optional(),
  OIDC_LABEL: z.string().min(1).max(64).default('Single sign-on'),
  RALF_SERVE_WEB: bool.default(true),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  host: string;
  port: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null; seed?: string | null }; // seed: pglite-seed.ts
  prometheus: { url: string; timeoutMs: number } | null;
  /** A Proxmox VE cluster read directly (PROXMOX_*); null: inventory comes from agents (or the demo lab). */
  proxmox: ProxmoxConfig | null;
  /** A Proxmox Backup Server read directly (PBS_*); null: backups come from the clusters' storages only. */
  pbs: ProxmoxConfig | null;
  /** PROXMOX_TIMEOUT and PROXMOX_POLL_INTERVAL, for the profile's clusters. */
  proxmoxTiming: { PROXMOX_TIMEOUT: number; PROXMOX_POLL_INTERVAL: number };
  scrapeIntervalMs: number;
  demoLab: { guests: number | null; frozenAt: Date | null } | null;
  webDir: string | null;
  /** The built-in catalog, then the operator's CATALOG_DIR (its templates replace built-in ones by id). */
  catalogDirs: string[];
  /** The installer profile: RALF_PROFILE, else the built-in core profile (issue 8). */
  profilePath: string | null;
  /** The policy_results folder: POLICY_RESULTS_DIR, else the demo lab's own folder in demo mode. */
  policyResultsDir: string | null;
  /** The folder is the demo lab's own (it writes A_SEC's results there). */
  policyResultsDemo: boolean;
  matrix: { homeserver: string | null; timeoutMs: number };
  /** Alertmanager's API, where alerts are silenced (issue 21); null: silencing is not offered. */
  alertmanager: { url: string; timeoutMs: number } | null;
  notifyWebhook: { url: string; secret: string | null } | null;
  notifyWatch: { sourceAfterMs: number; everyMs: number };
  /** VAULT_* variables (and their *_FILE forms), which resolve the profile's vault:// references. */
  vault: Record<string, string | undefined>;
  /** The n8n executor (connected mode); null: the demo lab's executor, or none. */
  n8n: { webhookUrl: string; secret: string; timeoutMs: number; callbackWaitMs: number; callbackBase: string } | null;
  /** A deployment waits this long before it is handed to the executor: a window to cancel a mis-click. */
  dispatchDelayMs: number;
  /** How often each service's http_check_url is checked, and how long a check waits (issue 21). */
  httpCheck: { intervalMs: number; timeoutMs: number };
  /** RALF_LANGUAGE and RALF_AGENT_LANGUAGE. */
  language: Language;
  agentLanguage: Language;
  /** How long a failing executor is retried with backoff before a deployment or plan fails. */
  dispatchRetryForMs: number;
  /**
   * How long a claimed outbox job belongs to this process: at least twice the executor's timeout
   * (and the worker extends it while the job runs), so another replica never sends it meanwhile.
   */
  outboxLeaseMs: number;
  auth: AuthConfig;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  roleClaim: string;
  /** Claim value → role, e.g. `ralf-admins` → admin. A user with no mapped role cannot sign in. */
  roleMap: Record<string, Role>;
  label: string;
}

export interface AuthConfig {
  adminUser: string;
  adminPassword: string | null;
  /** One account per role with a published password: only for the embedded demo. */
  demoAccounts: boolean;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Where browsers reach ralf-ui (OIDC redirect, Origin check); else taken from each request. */
  publicUrl: string | null;
  trustProxy: boolean;
  /** Host names accepted in the Host header besides loopback names, IP addresses and publicUrl's host. */
  allowedHosts: string[];
  oidc: OidcConfig | null;
}

export { ConfigError } from './config-error';

/** Reads `NAME_FILE` (a Docker/Kubernetes secret file) in place of `NAME` for our own variables. */
function withFiles(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of Object.keys(EnvSchema.shape)) {
    const v = env[name];
    if (v !== undefined && v !== '') out[name] = v;
    const k = `${name}_FILE`;
    const file = env[k];
    if (!file) continue;
    try {
      out[name] = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`${k}: cannot read ${file} (${(err as Error).message})`);
    }
  }
  return out;
}

/**
 * Parses the environment once. An empty environment is the embedded mode: PGlite in
 * RALF_DATA_DIR and the demo lab (DESIGN.md §2). A bad value throws ConfigError naming it.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  defaults: { webDir?: string; catalogDir?: string; profile?: string; pgliteSeed?: string } = {},
): Config {
  const parsed = EnvSchema.safeParse(withFiles(env));
  if (!parsed.success) {
    const lines = problemsOf(parsed.error, '(env)').map((p) => `${p.path}: expected ${p.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.N8N_WEBHOOK_URL && !e.N8N_WEBHOOK_SECRET)
    throw new ConfigError(
      'invalid configuration:\n  N8N_WEBHOOK_SECRET: expected the HMAC secret the n8n workflow checks (or N8N_WEBHOOK_SECRET_FILE)',
    );
  if (e.N8N_WEBHOOK_URL && !e.RALF_PUBLIC_URL)
    throw new ConfigError(
      'invalid configuration:\n  RALF_PUBLIC_URL: expected the address n8n calls back (https://ralf.lab.example) when N8N_WEBHOOK_URL is set',
    );
  if (e.RALF_OUTBOX_LEASE && e.RALF_OUTBOX_LEASE < e.N8N_TIMEOUT + 1000) {
    throw new ConfigError(
      `invalid configuration:\n  RALF_OUTBOX_LEASE: expected more than N8N_TIMEOUT (${e.N8N_TIMEOUT} ms) and a second: a job must stay this process's while its webhook call runs, or another replica sends it again`,
    );
  }
  if (e.OIDC_ISSUER && !e.RALF_PUBLIC_URL)
    throw new ConfigError(
      'invalid configuration:\n  RALF_PUBLIC_URL: expected the address browsers reach ralf-ui at when OIDC_ISSUER is set (the redirect URI is made from it, never from a request)',
    );
  if (e.OIDC_ISSUER && !e.OIDC_CLIENT_ID)
    throw new ConfigError('invalid configuration:\n  OIDC_CLIENT_ID: expected a client id when OIDC_ISSUER is set');
  const profilePath = e.RALF_PROFILE ? resolve(e.RALF_PROFILE) : (defaults.profile ?? null);
  const proxmox = proxmoxOf(e, 'PROXMOX');
  const pbs = proxmoxOf(e, 'PBS');
  const demoOn =
    e.RALF_DEMO_LAB === 'on' ||
    (e.RALF_DEMO_LAB === 'auto' &&
      !e.DATABASE_URL &&
      !e.PROMETHEUS_URL &&
      !proxmox &&
      !pbs &&
      !profileNamesProxmox(profilePath));
  return {
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: resolve(e.RALF_DATA_DIR, 'pglite'), seed: defaults.pgliteSeed ?? null },
    prometheus: e.PROMETHEUS_URL ? { url: e.PROMETHEUS_URL.replace(/\/$/, ''), timeoutMs: e.PROMETHEUS_TIMEOUT } : null,
    proxmox,
    pbs,
    proxmoxTiming: { PROXMOX_TIMEOUT: e.PROXMOX_TIMEOUT, PROXMOX_POLL_INTERVAL: e.PROXMOX_POLL_INTERVAL },
    scrapeIntervalMs: e.METRICS_SCRAPE_INTERVAL,
    httpCheck: { intervalMs: Math.max(1000, e.HTTP_CHECK_INTERVAL), timeoutMs: e.HTTP_CHECK_TIMEOUT },
    demoLab: demoOn
      ? { guests: e.RALF_DEMO_GUESTS ?? null, frozenAt: e.RALF_DEMO_FROZEN_AT ? new Date(e.RALF_DEMO_FROZEN_AT) : null }
      : null,
    webDir: e.RALF_SERVE_WEB ? (e.RALF_WEB_DIR ?? defaults.webDir ?? null) : null,
    catalogDirs: [
      ...(defaults.catalogDir ? [defaults.catalogDir, ...(demoOn ? [resolve(defaults.catalogDir, 'demo')] : [])] : []),
      ...(e.CATALOG_DIR ? [resolve(e.CATALOG_DIR)] : []),
    ],
    dispatchDelayMs: e.RALF_DISPATCH_DELAY,
    language: e.RALF_LANGUAGE,
    agentLanguage: e.RALF_AGENT_LANGUAGE,
    dispatchRetryForMs: e.RALF_DISPATCH_RETRY_FOR,
    outboxLeaseMs: e.RALF_OUTBOX_LEASE || Math.max(30_000, 2 * e.N8N_TIMEOUT + 5000),
    profilePath,
    policyResultsDir: e.POLICY_RESULTS_DIR
      ? resolve(e.POLICY_RESULTS_DIR)
      : demoOn
        ? resolve(e.RALF_DATA_DIR, 'policy_results')
        : null,
    policyResultsDemo: demoOn && !e.POLICY_RESULTS_DIR,
    matrix: { homeserver: e.MATRIX_HOMESERVER_URL?.replace(/\/$/, '') ?? null, timeoutMs: e.MATRIX_TIMEOUT },
    alertmanager: e.ALERTMANAGER_URL
      ? { url: e.ALERTMANAGER_URL.replace(/\/$/, ''), timeoutMs: e.ALERTMANAGER_TIMEOUT }
      : null,
    notifyWebhook: e.NOTIFY_WEBHOOK_URL ? { url: e.NOTIFY_WEBHOOK_URL, secret: e.NOTIFY_WEBHOOK_SECRET ?? null } : null,
    notifyWatch: { sourceAfterMs: e.NOTIFY_SOURCE_AFTER, everyMs: e.NOTIFY_WATCH_INTERVAL },
    vault: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('VAULT_'))),
    n8n:
      e.N8N_WEBHOOK_URL && e.N8N_WEBHOOK_SECRET && e.RALF_PUBLIC_URL
        ? {
            webhookUrl: e.N8N_WEBHOOK_URL,
            secret: e.N8N_WEBHOOK_SECRET,
            timeoutMs: e.N8N_TIMEOUT,
            callbackWaitMs: e.N8N_CALLBACK_TIMEOUT,
            callbackBase: e.RALF_PUBLIC_URL.replace(/\/$/, ''),
          }
        : null,
    auth: {
      adminUser: e.RALF_ADMIN_USER,
      adminPassword: e.RALF_ADMIN_PASSWORD ?? null,
      // Published passwords only where nothing real is at stake: the demo lab on the embedded database.
      demoAccounts: e.RALF_DEMO_ACCOUNTS === 'on' || (e.RALF_DEMO_ACCOUNTS === 'auto' && demoOn && !e.DATABASE_URL),
      sessionIdleMs: e.RALF_SESSION_IDLE,
      sessionMaxMs: e.RALF_SESSION_MAX,
      publicUrl: e.RALF_PUBLIC_URL?.replace(/\/$/, '') ?? null,
      trustProxy: e.TRUST_PROXY,
      allowedHosts: e.ALLOWED_HOSTS,
      oidc:
        e.OIDC_ISSUER && e.OIDC_CLIENT_ID
          ? {
              issuer: e.OIDC_ISSUER,
              clientId: e.OIDC_CLIENT_ID,
              clientSecret: e.OIDC_CLIENT_SECRET ?? null,
              roleClaim: e.OIDC_ROLE_CLAIM,
              roleMap: Object.fromEntries(
                (e.OIDC_ROLE_MAP ?? '')
                  .split(',')
                  .filter(Boolean)
                  .map((p) => p.split('=').map((x) => x.trim()) as [string, Role]),
              ),
              label: e.OIDC_LABEL,
            }
          : null,
    },
  };
}
