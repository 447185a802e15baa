import { useRef } from 'react';

/** When a query that has data started failing to refresh (the BFF went away), or null. */
export function useOfflineSince(q: { isRefetchError: boolean; errorUpdatedAt: number }): number | null {
  const since = useRef<number | null>(null);
  if (!q.isRefetchError) since.current = null;
  else since.current ??= q.errorUpdatedAt;
  return since.current;
}
