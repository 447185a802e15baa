import { isMessageCode, type AppErrorData, type Problem } from '@ralf/shared';
import { TRPCClientError } from '@trpc/client';
import type { MessageKey, T } from '../i18n/i18n';
import { hasMessage } from '../i18n/i18n';

/** `error.data` as the BFF's errorFormatter writes it (apps/bff/src/trpc/trpc.ts). */
interface ErrorData {
  appError?: AppErrorData | null;
  code?: string;
}

const dataOf = (err: unknown): ErrorData | undefined =>
  err instanceof TRPCClientError ? (err.data as ErrorData | undefined) : undefined;

/** The BFF's code of an error (its AppErrorCode, else tRPC's), or null for anything else. */
export function errorCode(err: unknown): string | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data = dataOf(err);
  return data?.appError?.code ?? data?.code ?? null;
}

/** The parameters of an error's reason (a running deployment's `id`), or null. */
export function errorParams(err: unknown): Record<string, unknown> | null {
  return (dataOf(err)?.appError?.params as Record<string, unknown> | null | undefined) ?? null;
}

/** Every problem of a refused input, each at its field (`params.memoryMiB`); empty for other errors. */
export function errorIssues(err: unknown): Problem[] {
  return dataOf(err)?.appError?.issues ?? [];
}

/** The problem at one field of a refused input in the reader's language, for the form to show beside it; null when there is none. */
export function fieldError(t: T, err: unknown, path: string): string | null {
  const p = errorIssues(err).find((x) => x.path === path);
  return p ? t.msg(p) : null;
}

/** Problems as one line in the reader's language: "name: required; memoryMiB: at least 128 MiB". */
export function problemsText(t: T, problems: readonly Problem[], max = 10): string {
  const shown = problems
    .slice(0, max)
    .map((p) => `${p.path}: ${t.msg(p)}`)
    .join('; ');
  return problems.length > max ? `${shown}; …` : shown;
}

/**
 * The operator's sentence for an error from the BFF: its reason in the reader's language when
 * the web app knows it (`reason.permission.missing`), else a sentence per AppErrorCode with the
 * server's detail in it.
 */
export function errorMessage(t: T, err: unknown): string {
  if (!(err instanceof TRPCClientError)) return t('error.generic', { message: (err as Error)?.message ?? String(err) });
  const app = dataOf(err)?.appError;
  const message = err.message;
  const issues = problemsText(t, app?.issues ?? []);
  if (app?.reason && isMessageCode(app.reason)) return t.msg({ code: app.reason, params: { ...app.params, issues } });
  const reasonKey = app?.reason ? (`reason.${app.reason}` as MessageKey) : null;
  if (reasonKey && hasMessage(reasonKey)) return t(reasonKey, { ...app?.params, issues });
  switch (errorCode(err) ?? undefined) {
    case 'NOT_FOUND':
      return t('error.NOT_FOUND', { message });
    case 'BAD_INPUT':
    case 'BAD_REQUEST':
      return t('error.BAD_INPUT', { message: app?.issues?.length ? issues : message });
    case 'STALE_REVISION':
      return t('error.STALE_REVISION', { message });
    case 'CONFLICT':
      return t('error.CONFLICT', { message });
    case 'FORBIDDEN':
      return t('error.FORBIDDEN', { message });
    case 'UNAUTHENTICATED':
    case 'UNAUTHORIZED':
      return t('error.UNAUTHENTICATED', { message });
    case 'RATE_LIMITED':
    case 'TOO_MANY_REQUESTS':
      return t('error.RATE_LIMITED', { time: app?.retryAt ? new Date(app.retryAt).toLocaleTimeString() : '' });
    case 'DB_UNAVAILABLE':
    case 'SERVICE_UNAVAILABLE':
      return t('error.DB_UNAVAILABLE');
    case 'UPSTREAM_UNAVAILABLE':
      return t('error.UPSTREAM_UNAVAILABLE', { message });
    case undefined:
      return t('error.NETWORK');
  }
  return t('error.generic', { message });
}
