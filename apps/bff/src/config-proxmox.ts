import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Profile, ProfileEndpoint } from './profile';
import type { Config } from './config';
import type { ProxmoxEndpoint } from './adapters/proxmox/proxmox-api';
import { ConfigError } from './config-error';

const url = (example: string) =>
  z.url({ protocol: /^https?$/, error: `the API address, such as ${example}` }).optional();
const tokenId = (example: string) =>
  z
    .string()
    .regex(/^[^@!\s]+@[^@!\s]+![A-Za-z][A-Za-z0-9._-]*$/, `user@realm!tokenname, such as ${example}`)
    .optional();
const fingerprint = z
  .string()
  .regex(
    /^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/,
    "the certificate's SHA-256 fingerprint as Proxmox shows it (AB:CD:…, 32 pairs)",
  )
  .optional();

/** The PROXMOX_* and PBS_* variables (config.ts adds their timeout and poll interval). */
export const PROXMOX_ENV = {
  PROXMOX_URL: url('https://pve1.lan:8006'),
  PROXMOX_TOKEN_ID: tokenId('ralf@pve!ui'),
  PROXMOX_TOKEN_SECRET: z.string().min(1).optional(),
  PROXMOX_FINGERPRINT: fingerprint,
  PROXMOX_CA_FILE: z.string().optional(),
  PBS_URL: url('https://pbs.lan:8007'),
  PBS_TOKEN_ID: tokenId('ralf@pbs!ui'),
  PBS_TOKEN_SECRET: z.string().min(1).optional(),
  PBS_FINGERPRINT: fingerprint,
  PBS_CA_FILE: z.string().optional(),
};

type Prefix = 'PROXMOX' | 'PBS';
/** The PROXMOX_* and PBS_* variables as config.ts parsed them (durations in ms). */
export type ProxmoxEnv = { [K in keyof typeof PROXMOX_ENV]?: string | undefined } & {
  PROXMOX_TIMEOUT: number;
  PROXMOX_POLL_INTERVAL: number;
};

/** A cluster's address, token and TLS settings (as the API reader takes them), and how often it is read. */
export interface ProxmoxConfig extends Omit<ProxmoxEndpoint, 'kind' | 'name'> {
  pollMs: number;
}

/**
 * PROXMOX_* (a PVE cluster) or PBS_* (a backup server): all three of URL, token id and secret,
 * or none; TLS settings only with them.
 */
export function proxmoxOf(e: ProxmoxEnv, p: Prefix): ProxmoxConfig | null {
  const v = (k: 'URL' | 'TOKEN_ID' | 'TOKEN_SECRET' | 'FINGERPRINT' | 'CA_FILE') => e[`${p}_${k}`];
  const example = p === 'PBS' ? 'ralf@pbs!ui' : 'ralf@pve!ui';
  const urlValue = v('URL');
  if (!urlValue) {
    const stray = (['TOKEN_ID', 'TOKEN_SECRET', 'FINGERPRINT', 'CA_FILE'] as const).find((k) => v(k));
    if (stray)
      throw new ConfigError(`invalid configuration:\n  ${p}_URL: expected the API address when ${p}_${stray} is set`);
    return null;
  }
  const id = v('TOKEN_ID');
  const secret = v('TOKEN_SECRET');
  if (!id || !secret)
    throw new ConfigError(
      `invalid configuration:\n  ${p}_TOKEN_ID, ${p}_TOKEN_SECRET: expected the API token (${example} and its secret, or ${p}_TOKEN_SECRET_FILE) when ${p}_URL is set`,
    );
  let ca: string | null = null;
  const caFile = v('CA_FILE');
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (err) {
      throw new ConfigError(`${p}_CA_FILE: cannot read ${caFile} (${(err as Error).message})`);
    }
  }
  return {
    url: urlValue.replace(/\/$/, ''),
    tokenId: id,
    secret,
    fingerprint: v('FINGERPRINT') ?? null,
    ca,
    timeoutMs: e.PROXMOX_TIMEOUT,
    pollMs: e.PROXMOX_POLL_INTERVAL,
  };
}

/**
 * Whether the profile names Proxmox clusters or backup servers (`proxmox:`, `pbs:`): then the
 * demo lab stays off under RALF_DEMO_LAB=auto, as with PROXMOX_URL. A profile that cannot be
 * read counts as none here; loading it later says what is wrong with it.
 */
export function profileNamesProxmox(path: string | null): boolean {
  if (!path) return false;
  try {
    const doc = parseYaml(readFileSync(path, 'utf8')) as { proxmox?: unknown; pbs?: unknown } | null;
    return (Array.isArray(doc?.proxmox) && doc.proxmox.length > 0) || (Array.isArray(doc?.pbs) && doc.pbs.length > 0);
  } catch {
    return false;
  }
}

/**
 * The profile's clusters (or backup servers) as endpoints, each secret resolved from its
 * vault:// reference and each CA file read; what cannot be resolved stops the start, named.
 */
export function profileEndpoints(
  kind: 'proxmox' | 'pbs',
  endpoints: readonly ProfileEndpoint[],
  resolve: (ref: string) => string | null,
  e: Pick<ProxmoxEnv, 'PROXMOX_TIMEOUT' | 'PROXMOX_POLL_INTERVAL'>,
): (ProxmoxConfig & { name: string })[] {
  return endpoints.map((p, i) => {
    const secret = resolve(p.secret);
    if (!secret) {
      const name = `VAULT_${p.secret
        .slice('vault://'.length)
        .replace(/[^A-Za-z0-9]/g, '_')
        .toUpperCase()}`;
      throw new ConfigError(`profile ${kind}.${i}.token_secret: ${p.secret} is not set (set ${name} or ${name}_FILE)`);
    }
    let ca: string | null = null;
    if (p.caFile) {
      try {
        ca = readFileSync(p.caFile, 'utf8');
      } catch (err) {
        throw new ConfigError(`profile ${kind}.${i}.ca_file: cannot read ${p.caFile} (${(err as Error).message})`);
      }
    }
    return {
      name: p.name,
      url: p.url,
      tokenId: p.tokenId,
      secret,
      fingerprint: p.fingerprint,
      ca,
      timeoutMs: e.PROXMOX_TIMEOUT,
      pollMs: e.PROXMOX_POLL_INTERVAL,
    };
  });
}

/**
 * The clusters and backup servers ralf-ui reads and acts on: PROXMOX_URL's and PBS_URL's, then
 * the profile's (`proxmox:`, `pbs:`). A secret the profile refers to that is not set throws,
 * naming it. The server and `ralf-ui doctor` take the same list.
 */
export function proxmoxEndpoints(
  config: Pick<Config, 'proxmox' | 'pbs' | 'proxmoxTiming'>,
  profile: Pick<Profile, 'proxmox' | 'pbs'>,
  resolve: (ref: string) => string | null,
): { clusters: (ProxmoxConfig & { name?: string })[]; backupServers: (ProxmoxConfig & { name?: string })[] } {
  return {
    clusters: [
      ...(config.proxmox ? [config.proxmox] : []),
      ...profileEndpoints('proxmox', profile.proxmox, resolve, config.proxmoxTiming),
    ],
    backupServers: [
      ...(config.pbs ? [config.pbs] : []),
      ...profileEndpoints('pbs', profile.pbs, resolve, config.proxmoxTiming),
    ],
  };
}
