import { TRPCClientError } from '@trpc/client';
import type { AppErrorData } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { makeT } from '../i18n/i18n';
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

const de = makeT('de');

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
          { path: 'params.memoryMiB', message: 'at least 128 MiB', code: 'input.atLeastMiB', params: { min: 128 } },
          { path: 'name', message: 'a hostname', code: 'input.hostname', params: {} },
        ],
      },
      'BAD_REQUEST',
    );
    expect(errorMessage(de, err)).toBe(
      'Die Anfrage wurde abgelehnt: params.memoryMiB: mindestens 128 MiB; name: ein Hostname: Kleinbuchstaben, Ziffern und -, höchstens 63',
    );
    expect([
      fieldError(de, err, 'params.memoryMiB'),
      fieldError(makeT('en'), err, 'params.memoryMiB'),
      fieldError(de, err, 'params.diskGiB'),
    ]).toEqual(['mindestens 128 MiB', 'at least 128 MiB', null]);
  });
});
