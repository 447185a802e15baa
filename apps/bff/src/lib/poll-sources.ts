import type { FastifyBaseLogger } from 'fastify';
import { sourceLog } from './source-log';

export interface Polled<R> {
  readonly name: string;
  read(): Promise<R>;
}

/**
 * Reads each source every `everyMs` and hands each reading to `ok`, each failure to `failed`. A
 * source that stops answering is logged once, with why, and its return is logged too. Returns the
 * first round (to await before the server answers) and what stops the polling.
 */
export function pollSources<S extends Polled<unknown>>(
  sources: readonly S[],
  handle: {
    ok: (source: S, reading: Awaited<ReturnType<S['read']>>) => Promise<void>;
    failed: (source: S, message: string) => Promise<void>;
  },
  { everyMs, log, what }: { everyMs: number; log: FastifyBaseLogger; what: string },
): { first: Promise<void>; stop: () => Promise<void>; soon: () => void } {
  const down = new Map<string, string>();
  const tell = (name: string) => sourceLog(log, `${what} ${name}`);
  let stopped = false;
  const once = async (source: S) => {
    try {
      const reading = (await source.read()) as Awaited<ReturnType<S['read']>>;
      // A reading that cannot be stored counts as a failure of its source: its pages say so.
      await handle.ok(source, reading).catch((err: unknown) => {
        throw new Error(`its reading could not be stored: ${(err as Error).message}`);
      });
    } catch (err) {
      const why = (err as Error).message;
      await handle.failed(source, why).catch(() => undefined);
      if (down.get(source.name) !== why) tell(source.name)('unavailable', why);
      down.set(source.name, why);
      return;
    }
    if (down.delete(source.name)) tell(source.name)('back', null);
  };
  const round = () => Promise.all(sources.map(once)).then(() => undefined);
  let timer: NodeJS.Timeout | null = null;
  let busy = false;
  let again = false;
  let current: Promise<void> = Promise.resolve();
  // One round at a time: a round asked for while one runs follows it; then every `everyMs`.
  const run = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    busy = true;
    const r = round();
    current = r;
    void r.finally(() => {
      busy = false;
      if (stopped) return;
      if (again) {
        again = false;
        void run();
      } else timer = setTimeout(() => void run(), everyMs).unref();
    });
    return r;
  };
  const first = run();
  return {
    first,
    /** No round after this; settles once the running one has stored what it read (before the database closes). */
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      return current;
    },
    /** A round now (after the one running), not at the next interval: something just changed there. */
    soon: () => {
      if (stopped) return;
      if (busy) again = true;
      else void run();
    },
  };
}
