import type { AppErrorData } from '@ralf/shared';
import { TRPCClientError } from '@trpc/client';
import type { T } from '../i18n/i18n';

/** `error.data` as the BFF's errorFormatter writes it (apps/bff/src/trpc/trpc.ts). */
interface ErrorData {
  appError?: AppErrorData | null;
  code?: string;
}

/** The operator's sentence for an error from the BFF, by its AppErrorCode. */
export function errorMessage(t: T, err: unknown): string {
  if (err instanceof TRPCClientError) {
    const data = err.data as ErrorData | undefined;
    const message = err.message;
    switch (data?.appError?.code ?? data?.code) {
      case 'NOT_FOUND': return t('error.NOT_FOUND', { message });
      case 'BAD_INPUT': case 'BAD_REQUEST': return t('error.BAD_INPUT', { message });
      case 'DB_UNAVAILABLE': case 'SERVICE_UNAVAILABLE': return t('error.DB_UNAVAILABLE');
      case 'UPSTREAM_UNAVAILABLE': return t('error.UPSTREAM_UNAVAILABLE', { message });
      case undefined: return t('error.NETWORK');
    }
    return t('error.generic', { message });
  }
  return t('error.generic', { message: (err as Error)?.message ?? String(err) });
}
