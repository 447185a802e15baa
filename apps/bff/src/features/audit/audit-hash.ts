import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json';

/** The hash before the first event. */
export const GENESIS = '0'.repeat(64);

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
