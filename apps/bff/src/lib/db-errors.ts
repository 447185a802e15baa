import { problemsOf } from '@ralf/shared';
import { ZodError } from 'zod';
import { AppError, DB_RETRY_AFTER_MS, isAppError } from './app-error';

const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};
const saidBy = (err: unknown): string => {
  const e = err as { detail?: unknown; message?: unknown };
  return typeof e.detail === 'string' && e.detail ? e.detail : typeof e.message === 'string' ? e.message : '';
};

/**
 * A data error from PostgreSQL (SQLSTATE class 22: a value it cannot store, such as a NUL, broken
 * text, a number out of range) is the caller's input, wherever it came in: a 400 that says what
 * was wrong, never a 500 with a stack trace (issue 15). Null for anything else.
 */
export function dataErrorOf(err: unknown): AppError | null {
  return codeOf(err).startsWith('22')
    ? new AppError('BAD_INPUT', { message: `the database refused a value: ${saidBy(err)}`, cause: err })
    : null;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const UNREACHABLE_TEXT =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|the database system is (starting up|shutting down)/i;

/** True when an error (or its cause, a few levels down) says the database cannot be reached. */
export function isDbUnreachable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const code = codeOf(err);
  if (UNREACHABLE_CODES.has(code) || code.startsWith('08')) return true;
  if (err instanceof Error && UNREACHABLE_TEXT.test(err.message)) return true;
  return isDbUnreachable((err as { cause?: unknown }).cause, depth + 1);
}

/**
 * What a caller is told when a request failed on the database: away (503 DB_UNAVAILABLE with
 * Retry-After, issue 16: never a bare 500) or refusing a value (400). Null for anything else.
 */
export function dbErrorOf(err: unknown): AppError | null {
  if (isDbUnreachable(err))
    return new AppError('DB_UNAVAILABLE', {
      message: 'the database is unreachable; try again shortly',
      retryAt: new Date(Date.now() + DB_RETRY_AFTER_MS),
      cause: err,
    });
  return dataErrorOf(err);
}

/**
 * The AppError a caller is answered with, for tRPC and the REST routes alike: a service's own,
 * a refused input's issues; unless it is an INTERNAL that came of an unreachable database (an audit write that failed);
 * else what the database said; else null (a logged, generic 500).
 */
export function answerOf(err: unknown): AppError | null {
  // A schema refused the input (a procedure's, or a service's own parse): BAD_INPUT with every issue.
  if (err instanceof ZodError) return AppError.invalid('the input was refused', problemsOf(err));
  if (isAppError(err) && !(err.code === 'INTERNAL' && isDbUnreachable(err))) return err;
  return dbErrorOf(err);
}

/**
 * A constraint or data error from PostgreSQL (SQLSTATE classes 22 and 23) caused by what a
 * caller sent, as a 4xx that says what was wrong instead of a 500. Anything else is returned as is.
 */
export function inputErrorOf(err: unknown): unknown {
  const code = codeOf(err);
  const said = saidBy(err);
  if (code === '23505')
    return new AppError('CONFLICT', { message: `conflicts with the inventory: ${said}`, cause: err });
  if (code === '23503')
    return new AppError('BAD_INPUT', {
      message: `refers to something that is not in the inventory: ${said}`,
      cause: err,
    });
  if (code.startsWith('23'))
    return new AppError('BAD_INPUT', { message: `refused by the database: ${said}`, cause: err });
  return dataErrorOf(err) ?? err;
}
