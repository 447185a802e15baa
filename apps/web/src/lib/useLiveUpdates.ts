import type { LiveMessage } from '@ralf/shared';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useState } from 'react';
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
  // The recent-tasks strip lists deployments and plan applies too.
  deployments: () => [trpc.deployments.pathFilter(), trpc.trails.pathFilter(), trpc.tasks.recent.pathFilter()],
  plans: () => [
    trpc.plans.pathFilter(),
    trpc.trails.pathFilter(),
    trpc.architecture.physical.pathFilter(),
    trpc.tasks.recent.pathFilter(),
  ],
  trails: () => [trpc.trails.pathFilter(), trpc.architecture.status.pathFilter()],
  loops: () => [trpc.loops.pathFilter(), trpc.architecture.status.pathFilter()],
  findings: () => [trpc.findings.pathFilter()],
  bots: () => [trpc.bots.pathFilter(), trpc.architecture.status.pathFilter()],
  services: () => [trpc.services.pathFilter(), trpc.architecture.status.pathFilter()],
} as const;

/**
 * Follows the BFF's change stream while signed in (issue 4): each change refetches the queries it
 * touches, so every open page updates by itself. After a reconnect the stream resumes from the
 * last change seen; a `resync` (too much missed) refetches everything, and so does a
 * `reconnect` (the BFF process is shutting down), after which the stream is opened again.
 */
export function useLiveUpdates(enabled: boolean): LiveState {
  // One batcher per mount (state, not a ref: it is an object the stream's callback uses, not read while rendering).
  const [batch] = useState(() => new ChangeBatch());
  const sub = useSubscription(
    trpc.live.onChange.subscriptionOptions(undefined, {
      enabled,
      onData: (tracked) => batch.take((tracked as { data: LiveMessage }).data),
    }),
  );
  const reset = sub.reset;
  useEffect(() => batch.reopenWith(reset), [batch, reset]);
  if (!enabled || sub.status === 'idle') return 'off';
  if (sub.status === 'pending') return 'live';
  return sub.status === 'connecting' ? 'connecting' : 'off';
}

/** Changes gathered for 100 ms, then the queries they touch refetched once (all of them after a resync). */
class ChangeBatch {
  private pending: Set<keyof typeof TOPIC_QUERIES> | 'all' | null = null;
  private reopen: () => void = () => {};

  /** How to open the stream again (the subscription's reset), after a `reconnect`. */
  reopenWith(reset: () => void): void {
    this.reopen = reset;
  }

  take(m: LiveMessage): void {
    if (this.pending === null) setTimeout(() => this.flush(), 100);
    if (m.type === 'resync') this.pending = 'all';
    else if (m.type === 'reconnect') {
      this.pending = 'all';
      // The process that served the stream is going away: open it again, on whoever answers.
      setTimeout(() => this.reopen(), 1000);
    } else if (this.pending !== 'all') {
      const topics = this.pending ?? new Set<keyof typeof TOPIC_QUERIES>();
      for (const c of m.changes) topics.add(c.topic);
      this.pending = topics;
    }
  }

  private flush(): void {
    const what = this.pending;
    this.pending = null;
    if (what === 'all') void queryClient.invalidateQueries();
    else for (const topic of what ?? []) for (const f of TOPIC_QUERIES[topic]()) void queryClient.invalidateQueries(f);
  }
}
