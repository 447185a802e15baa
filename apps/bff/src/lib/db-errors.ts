import { AppError } from './app-error';

const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};
const saidBy = (err: unknown): string => {
  const e = err as { detail?: unknown; message?: unknown };
  return typeof e.detail === 'string' && e.detail ? e.detail : String(e.message ?? '');
};

/**
 * A data error from PostgreSQL (SQLSTATE class 22: a value it cannot store, such as a NUL, broken
 * text, a number out of range) is the caller's input, wherever it came in: a 400 that says what
 * was wrong, never a 500 with a stack trace (issue 15). Null for anything else.
 */
export function dataErrorOf(err: unknown): AppError | null {
  return codeOf(err).startsWith('22') ? new AppError('BAD_INPUT', { message: `the database refused a value: ${saidBy(err)}`, cause: err }) : null;
}

/**
 * A constraint or data error from PostgreSQL (SQLSTATE classes 22 and 23) caused by what a
 * caller sent, as a 4xx that says what was wrong instead of a 500. Anything else is returned as is.
 */
export function inputErrorOf(err: unknown): unknown {
  const code = codeOf(err);
  const said = saidBy(err);
  if (code === '23505') return new AppError('CONFLICT', { message: `conflicts with the inventory: ${said}`, cause: err });
  if (code === '23503') return new AppError('BAD_INPUT', { message: `refers to something that is not in the inventory: ${said}`, cause: err });
  if (code.startsWith('23')) return new AppError('BAD_INPUT', { message: `refused by the database: ${said}`, cause: err });
  return dataErrorOf(err) ?? err;
}
