import type { AppErrorData } from '@ralf/shared';
import { TRPCClientError } from '@trpc/client';
import type { T } from '../i18n/i18n';

/** `error.data` as the BFF's errorFormatter writes it (apps/bff/src/trpc/trpc.ts). */
interface ErrorData {
  appError?: AppErrorData | null;
  code?: string;
  zodError?: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
}

/** The zod issues of a bad input, one per field: "password: at least 10 characters". */
function zodText(z: NonNullable<ErrorData['zodError']>): string {
  return [...z.formErrors, ...Object.entries(z.fieldErrors).map(([k, v]) => `${k}: ${(v ?? []).join(', ')}`)].join('; ');
}

/** The BFF's code of an error (its AppErrorCode, else tRPC's), or null for anything else. */
export function errorCode(err: unknown): string | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data = err.data as ErrorData | undefined;
  return data?.appError?.code ?? data?.code ?? null;
}

/** The operator's sentence for an error from the BFF, by its AppErrorCode. */
export function errorMessage(t: T, err: unknown): string {
  if (err instanceof TRPCClientError) {
    const data = err.data as ErrorData | undefined;
    const message = err.message;
    switch (errorCode(err) ?? undefined) {
      case 'NOT_FOUND': return t('error.NOT_FOUND', { message });
      case 'BAD_INPUT': case 'BAD_REQUEST': return t('error.BAD_INPUT', { message: data?.zodError ? zodText(data.zodError) : message });
      case 'STALE_REVISION': return t('error.STALE_REVISION', { message });
      case 'UNAUTHENTICATED': case 'UNAUTHORIZED': case 'FORBIDDEN': case 'CONFLICT': return message;
      case 'RATE_LIMITED': case 'TOO_MANY_REQUESTS': return t('error.RATE_LIMITED', { time: data?.appError?.retryAt ? new Date(data.appError.retryAt).toLocaleTimeString() : '' });
      case 'DB_UNAVAILABLE': case 'SERVICE_UNAVAILABLE': return t('error.DB_UNAVAILABLE');
      case 'UPSTREAM_UNAVAILABLE': return t('error.UPSTREAM_UNAVAILABLE', { message });
      case undefined: return t('error.NETWORK');
    }
    return t('error.generic', { message });
  }
  return t('error.generic', { message: (err as Error)?.message ?? String(err) });
}
