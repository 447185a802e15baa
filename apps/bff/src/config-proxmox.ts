import { readFileSync } from 'node:fs';
import type { ProxmoxEndpoint } from './adapters/proxmox/proxmox-api';
import { ConfigError } from './config-error';

/** The PROXMOX_* variables as config.ts parsed them (durations in ms). */
export interface ProxmoxEnv {
  PROXMOX_URL?: string | undefined;
  PROXMOX_TOKEN_ID?: string | undefined;
  PROXMOX_TOKEN_SECRET?: string | undefined;
  PROXMOX_FINGERPRINT?: string | undefined;
  PROXMOX_CA_FILE?: string | undefined;
  PROXMOX_TIMEOUT: number;
  PROXMOX_POLL_INTERVAL: number;
}

/** A cluster's address, token and TLS settings (as the API reader takes them), and how often it is read. */
export interface ProxmoxConfig extends Omit<ProxmoxEndpoint, 'kind' | 'name'> {
  pollMs: number;
}

/** PROXMOX_*: all three of URL, token id and secret, or none; TLS settings only with them. */
export function proxmoxOf(e: ProxmoxEnv): ProxmoxConfig | null {
  if (!e.PROXMOX_URL) {
    const stray = (
      ['PROXMOX_TOKEN_ID', 'PROXMOX_TOKEN_SECRET', 'PROXMOX_FINGERPRINT', 'PROXMOX_CA_FILE'] as const
    ).find((k) => e[k]);
    if (stray)
      throw new ConfigError(`invalid configuration:\n  PROXMOX_URL: expected the API address when ${stray} is set`);
    return null;
  }
  if (!e.PROXMOX_TOKEN_ID || !e.PROXMOX_TOKEN_SECRET)
    throw new ConfigError(
      'invalid configuration:\n  PROXMOX_TOKEN_ID, PROXMOX_TOKEN_SECRET: expected the API token (ralf@pve!ui and its secret, or PROXMOX_TOKEN_SECRET_FILE) when PROXMOX_URL is set',
    );
  let ca: string | null = null;
  if (e.PROXMOX_CA_FILE) {
    try {
      ca = readFileSync(e.PROXMOX_CA_FILE, 'utf8');
    } catch (err) {
      throw new ConfigError(`PROXMOX_CA_FILE: cannot read ${e.PROXMOX_CA_FILE} (${(err as Error).message})`);
    }
  }
  return {
    url: e.PROXMOX_URL.replace(/\/$/, ''),
    tokenId: e.PROXMOX_TOKEN_ID,
    secret: e.PROXMOX_TOKEN_SECRET,
    fingerprint: e.PROXMOX_FINGERPRINT ?? null,
    ca,
    timeoutMs: e.PROXMOX_TIMEOUT,
    pollMs: e.PROXMOX_POLL_INTERVAL,
  };
}
