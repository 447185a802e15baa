import { TRPCClientError } from '@trpc/client';
import type { AppErrorData } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n';
import { errorMessage, fieldError } from './errors';

/** An error as the BFF answers it (error.data.appError), with the server's own English message. */
function answered(
  message: string,
  app: Partial<AppErrorData> & Pick<AppErrorData, 'code'>,
  trpcCode: string = app.code,
): TRPCClientError<never> {
  const appError: AppErrorData = { source: null, retryAt: null, reason: null, params: null, issues: null, ...app };
  return new TRPCClientError(message, {
    result: { error: { message, code: -32600, data: { code: trpcCode, appError } } } as never,
  });
}

const de = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('de', key, vars);

describe('errorMessage', () => {
  it('says a refusal with a known reason in the reader language, with its parameters', () => {
    const err = answered('this needs the plans.approve permission, which none of your roles grants', {
      code: 'FORBIDDEN',
      reason: 'permission.missing',
      params: { permission: 'plans.approve' },
    });
    expect(errorMessage(de, err)).toBe(
      'Dafür braucht es die Berechtigung „plans.approve“, die keine deiner Rollen gewährt.',
    );
  });

  it('frames a conflict and a refusal without a known reason in the reader language, never as bare server English', () => {
    expect(errorMessage(de, answered('loop main is already paused', { code: 'CONFLICT' }))).toBe(
      'Gerade nicht möglich: loop main is already paused',
    );
    expect(
      errorMessage(de, answered('API token x lacks the scope y', { code: 'FORBIDDEN', reason: 'some.future-reason' })),
    ).toBe('Nicht erlaubt: API token x lacks the scope y');
  });

  it('lists a refused input by field, and hands each problem to its field', () => {
    const err = answered(
      'the input was refused: params.memoryMiB: Too small',
      {
        code: 'BAD_INPUT',
        reason: 'input.invalid',
        issues: [
          { path: 'params.memoryMiB', message: 'at least 128 MiB' },
          { path: 'name', message: 'lowercase letters' },
        ],
      },
      'BAD_REQUEST',
    );
    expect(errorMessage(de, err)).toBe(
      'Die Anfrage wurde abgelehnt: params.memoryMiB: at least 128 MiB; name: lowercase letters',
    );
    expect([fieldError(err, 'params.memoryMiB'), fieldError(err, 'name'), fieldError(err, 'params.diskGiB')]).toEqual([
      'at least 128 MiB',
      'lowercase letters',
      null,
    ]);
  });
});
