import { AppError } from './app-error';

/**
 * A constraint or data error from PostgreSQL (SQLSTATE classes 22 and 23) caused by what a
 * caller sent, as a 4xx that says what was wrong instead of a 500. Anything else is returned as is.
 */
export function inputErrorOf(err: unknown): unknown {
  const e = err as { code?: unknown; detail?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const said = typeof e.detail === 'string' && e.detail ? e.detail : String(e.message ?? '');
  if (code === '23505') return new AppError('CONFLICT', { message: `conflicts with the inventory: ${said}`, cause: err });
  if (code === '23503') return new AppError('BAD_INPUT', { message: `refers to something that is not in the inventory: ${said}`, cause: err });
  if (code.startsWith('23') || code.startsWith('22')) return new AppError('BAD_INPUT', { message: `refused by the database: ${said}`, cause: err });
  return err;
}
