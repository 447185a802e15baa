import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret for a cookie, CSRF token, API token or setup token (256 bits unless told). */
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Session tokens, API tokens and the setup token are stored as their SHA-256 only. */
export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
