import { createHash } from 'node:crypto';

/** The hash before the first event. */
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface HashedContent {
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  outcome: string;
  sourceIp: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

/** SHA-256 over the previous row's hash and this row's content: a chain that shows any edit. */
export function chainHash(prevHash: string, content: HashedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}
