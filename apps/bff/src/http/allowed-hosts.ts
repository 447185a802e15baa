import { z } from 'zod';

/** ALLOWED_HOSTS as the environment gives it: comma-separated names, each a host name or `*.` and one. */
export const AllowedHostsSchema = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine(
    (hs) => hs.every((h) => /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(h)),
    'host names such as ralf.lan or *.lab.example, comma-separated',
  );

/**
 * Which Host names ralf-ui answers browsers on (issue 15). Without this, a page on a stranger's
 * domain that resolves to 127.0.0.1 (DNS rebinding) would be same-origin with a lab on loopback.
 * Accepted: loopback names, IP addresses (a rebinding needs a name), the host of RALF_PUBLIC_URL
 * and ALLOWED_HOSTS (`*.lab.example` covers its subdomains).
 */
export function hostAllowed(host: string, opts: { publicHost: string | null; allowed: readonly string[] }): boolean {
  const name = hostName(host);
  if (!name) return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.startsWith('[')) return true;
  if (opts.publicHost && name === opts.publicHost) return true;
  return opts.allowed.some((a) => (a.startsWith('*.') ? name.endsWith(a.slice(1)) : name === a));
}

/** The name part of a Host header, lower-case, without the port; IPv6 literals keep their brackets. */
export function hostName(host: string): string | null {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(0, end + 1) : null;
  }
  const name = h.replace(/:\d+$/, '').replace(/\.$/, '');
  return /^[a-z0-9._-]+$/.test(name) ? name : null;
}

/** Machine endpoints without a session (health, metrics) answer whatever name a scraper uses. */
export const HOST_CHECK_EXEMPT = new Set(['/healthz', '/readyz', '/metrics', '/demo-lab/metrics']);
