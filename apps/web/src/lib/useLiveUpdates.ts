import type { LiveMessage } from '@ralf/shared';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useRef } from 'react';
import { queryClient, trpc } from './trpc';

export type LiveState = 'live' | 'connecting' | 'off';

/** What a change makes stale; a burst of changes refetches once. */
const TOPIC_QUERIES = {
  inventory: () => [
    trpc.fleet.pathFilter(),
    trpc.plans.pathFilter(),
    trpc.architecture.status.pathFilter(),
    trpc.architecture.physical.pathFilter(),
  ],
  deployments: () => [trpc.deployments.pathFilter(), trpc.trails.pathFilter()],
  plans: () => [trpc.plans.pathFilter(), trpc.trails.pathFilter(), trpc.architecture.physical.pathFilter()],
  trails: () => [trpc.trails.pathFilter(), trpc.architecture.status.pathFilter()],
  loops: () => [trpc.loops.pathFilter(), trpc.architecture.status.pathFilter()],
  findings: () => [trpc.findings.pathFilter()],
  bots: () => [trpc.bots.pathFilter(), trpc.architecture.status.pathFilter()],
} as const;

/**
 * Follows the BFF's change stream while signed in (issue 4): each change refetches the queries it
 * touches, so every open page updates by itself. After a reconnect the stream resumes from the
 * last change seen; a `resync` (too much missed) refetches everything, and so does a
 * `reconnect` (the BFF process is shutting down), after which the stream is opened again.
 */
export function useLiveUpdates(enabled: boolean): LiveState {
  const pending = useRef<Set<keyof typeof TOPIC_QUERIES> | 'all' | null>(null);
  const flush = () => {
    const what = pending.current;
    pending.current = null;
    if (what === 'all') void queryClient.invalidateQueries();
    else for (const topic of what ?? []) for (const f of TOPIC_QUERIES[topic]()) void queryClient.invalidateQueries(f);
  };
  const reopen = useRef<() => void>(() => {});
  const sub = useSubscription(
    trpc.live.onChange.subscriptionOptions(undefined, {
      enabled,
      onData: (tracked) => {
        const m = (tracked as { data: LiveMessage }).data;
        if (pending.current === null) setTimeout(flush, 100);
        if (m.type === 'resync') pending.current = 'all';
        else if (m.type === 'reconnect') {
          pending.current = 'all';
          // The process that served the stream is going away: open it again, on whoever answers.
          setTimeout(() => reopen.current(), 1000);
        } else if (pending.current !== 'all') {
          const topics = pending.current ?? new Set<keyof typeof TOPIC_QUERIES>();
          for (const c of m.changes) topics.add(c.topic);
          pending.current = topics;
        }
      },
    }),
  );
  reopen.current = sub.reset;
  if (!enabled || sub.status === 'idle') return 'off';
  if (sub.status === 'pending') return 'live';
  return sub.status === 'connecting' ? 'connecting' : 'off';
}
