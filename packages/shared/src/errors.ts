import { z } from 'zod';
import type { MessageParams } from './i18n/format';
import { MessageParamsSchema } from './i18n/message-schema';
import { isMessageCode, messageText, type Message } from './i18n/messages';

export const AppErrorCodeSchema = z.enum([
  'NOT_FOUND',
  'BAD_INPUT',
  'CONFLICT',
  /** The plan has a newer revision than the one the caller decided on: review it first. */
  'STALE_REVISION',
  /** No valid session or token: sign in (again). */
  'UNAUTHENTICATED',
  /** Signed in, but none of the caller's roles grants the permission the action declares. */
  'FORBIDDEN',
  /** Too many failed sign-ins for this account or address; `retryAt` says when to try again. */
  'RATE_LIMITED',
  /** An adapter (Prometheus, n8n, Matrix) did not answer in time or answered with an error. */
  'UPSTREAM_UNAVAILABLE',
  /** The database is unreachable; the BFF retries and /readyz reports it. */
  'DB_UNAVAILABLE',
  'INTERNAL',
]);
export type AppErrorCode = z.infer<typeof AppErrorCodeSchema>;

/**
 * One thing wrong with an input, at the field it concerns (`events.3.loopId`, `params.memoryMiB`):
 * `code` and `params` for the web app to say it in the reader's language (issue 18), `message` the
 * same in English for API clients and logs.
 */
export const ProblemSchema: z.ZodType<Problem> = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string(),
  params: MessageParamsSchema,
});
export interface Problem {
  path: string;
  message: string;
  code: string;
  params: MessageParams;
}

/**
 * What an error answer carries besides tRPC's own code (`error.data.appError`), and what a REST
 * route answers beside `error` and `message`. `reason` names the refusal precisely (for example
 * `permission.missing` with `{ permission: 'plans.approve' }`) so the web app can say it in the
 * reader's language; `issues` lists every problem of a refused input, each at its field.
 */
export interface AppErrorData {
  code: AppErrorCode;
  /** Which source failed, for UPSTREAM_UNAVAILABLE. */
  source: string | null;
  /** When a RATE_LIMITED caller may try again (ISO time). */
  retryAt: string | null;
  reason: string | null;
  params: MessageParams | null;
  issues: Problem[] | null;
}

interface ZodLikeIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
  params?: Record<string, unknown>;
  input?: unknown;
}

/** zod's own messages ("Invalid input: …", "Too small: …", "Unrecognized key …"), which are said anew by kind. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized)/;

/** A zod issue in words: a schema's own message code, else one per kind of issue (sizes in MiB/GiB by the field's name). */
export function issueMessage(i: ZodLikeIssue): Message {
  if (isMessageCode(i.message)) return { code: i.message, params: (i.params ?? {}) as Message['params'] };
  // A schema's own words that are not yet a code (ingest payloads, config): kept as written.
  if (!ZOD_DEFAULT.test(i.message)) return { code: 'input.rule', params: { text: i.message } };
  const field = String(i.path.at(-1) ?? '');
  const unit = /MiB$/.test(field) ? 'MiB' : /GiB$/.test(field) ? 'GiB' : '';
  const n = (v: number | bigint | undefined) => Number(v);
  switch (i.code) {
    case 'too_small':
      if (i.origin === 'string')
        return { code: n(i.minimum) <= 1 ? 'input.required' : 'input.minChars', params: { min: n(i.minimum) } };
      if (i.origin === 'array' || i.origin === 'set') return { code: 'input.minItems', params: { min: n(i.minimum) } };
      if (i.inclusive === false) return { code: 'input.above', params: { min: n(i.minimum) } };
      return { code: `input.atLeast${unit}`, params: { min: n(i.minimum) } };
    case 'too_big':
      if (i.origin === 'string') return { code: 'input.maxChars', params: { max: n(i.maximum) } };
      if (i.origin === 'array' || i.origin === 'set') return { code: 'input.maxItems', params: { max: n(i.maximum) } };
      if (i.inclusive === false) return { code: 'input.below', params: { max: n(i.maximum) } };
      return { code: `input.atMost${unit}`, params: { max: n(i.maximum) } };
    case 'invalid_type':
      if (i.expected === 'int') return { code: 'input.wholeNumber', params: {} };
      return /received undefined/.test(i.message)
        ? { code: 'input.required', params: {} }
        : { code: 'input.type', params: { expected: String(i.expected) } };
    case 'invalid_value':
      return { code: 'input.oneOf', params: { values: (i.values ?? []).map(String).join(', ') } };
    case 'invalid_format':
      return { code: 'input.format', params: {} };
    case 'unrecognized_keys':
      return { code: 'input.unknownKeys', params: { keys: [...(i.keys ?? [])] } };
    case 'custom':
      return { code: 'input.rule', params: { text: i.message } };
  }
  return { code: 'input.notValid', params: {} };
}

/** A zod error's issues as problems, the path joined with dots (`whole` names the input itself). */
export function problemsOf(error: { issues: readonly ZodLikeIssue[] }, whole = '(input)'): Problem[] {
  return error.issues.map((i) => {
    const m = issueMessage(i);
    return { path: i.path.map(String).join('.') || whole, message: messageText('en', m), ...m };
  });
}

/** A problem the BFF finds itself (not a schema's): at `path`, in words. */
export const problem = (path: string, m: Message): Problem => ({ path, message: messageText('en', m), ...m });

/** Problems as one line: "path: message; path: message", the first `max` of them. */
export function problemText(problems: readonly Problem[], max = 10): string {
  const shown = problems
    .slice(0, max)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  return problems.length > max ? `${shown}; …` : shown;
}
