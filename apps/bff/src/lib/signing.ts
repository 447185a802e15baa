import { createHmac } from 'node:crypto';
import { AppError } from './app-error';
import { sameSecret } from './secrets';

/** How far a signature's timestamp may be from now, either way (issue 4). */
export const SIGNATURE_WINDOW_S = 300;

/** `t=<unix>,v1=<hex>`: HMAC-SHA256 with the token's signing secret over `<t>.<raw body>`. */
export const sign = (secret: string, t: number, body: string) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

/**
 * Checks `X-Ralf-Signature` for a token that requires one and returns the signature, which the
 * caller claims so that a replay inside the window is refused (issue 15); null for an unsigned token.
 */
export function verifySignature(
  secret: string | null,
  header: string | undefined,
  body: string,
  nowS: number,
): string | null {
  if (!secret) {
    if (header)
      throw new AppError('BAD_INPUT', {
        message: 'this token has no signing secret; send no X-Ralf-Signature, or create a signed token',
      });
    return null;
  }
  if (!header)
    throw new AppError('UNAUTHENTICATED', { message: 'this token requires X-Ralf-Signature: t=<unix>,v1=<hex>' });
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!m)
    throw new AppError('UNAUTHENTICATED', { message: 'X-Ralf-Signature must be t=<unix seconds>,v1=<64 hex digits>' });
  const t = Number(m[1]);
  if (Math.abs(nowS - t) > SIGNATURE_WINDOW_S)
    throw new AppError('UNAUTHENTICATED', {
      message: `the signature's timestamp is more than ${SIGNATURE_WINDOW_S} s from now`,
    });
  if (!sameSecret(sign(secret, t, body), `t=${m[1]},v1=${m[2]}`))
    throw new AppError('UNAUTHENTICATED', { message: 'the signature does not match the body' });
  return m[2]!;
}
