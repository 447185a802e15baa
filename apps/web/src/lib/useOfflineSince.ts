import { useState } from 'react';

/** When a query that has data started failing to refresh (the BFF went away), or null. */
export function useOfflineSince(q: { isRefetchError: boolean; errorUpdatedAt: number }): number | null {
  // The first failure of a run of them is kept (state adjusted while rendering, as React documents).
  const [since, setSince] = useState<number | null>(null);
  if (!q.isRefetchError && since !== null) setSince(null);
  if (q.isRefetchError && since === null) setSince(q.errorUpdatedAt);
  return q.isRefetchError ? (since ?? q.errorUpdatedAt) : null;
}
