import { QueryCache, QueryClient } from '@tanstack/react-query';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
  type TRPCClient,
} from '@trpc/client';
import { TRPC_MAX_BATCH, type Session } from '@ralf/shared';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@ralf/bff/router';

const httpStatus = (err: unknown) =>
  err instanceof TRPCClientError ? (err.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;

export const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    // A refusal (401/403) or bad input (400/404) does not get better by asking again.
    queries: {
      retry: (n, err) => n < 1 && !((httpStatus(err) ?? 500) < 500),
      staleTime: 2000,
      refetchOnWindowFocus: true,
    },
  },
  queryCache: new QueryCache({
    onError(err) {
      // The session ended (signed out elsewhere, expired, user disabled): the shell sends the
      // operator to the sign-in page.
      if (httpStatus(err) === 401) queryClient.setQueryData(trpc.auth.session.queryKey(), null);
    },
  }),
});

export const trpcClient: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // Live updates arrive over SSE (an EventSource, which resumes from the last event id).
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpBatchLink({
        url: '/trpc',
        maxItems: TRPC_MAX_BATCH,
        // Every mutation carries the session's CSRF token (issue 3); the BFF checks it.
        headers: (): Record<string, string> => {
          const csrf = queryClient.getQueryData<Session | null>(trpc.auth.session.queryKey())?.csrfToken;
          return csrf ? { 'x-ralf-csrf': csrf } : {};
        },
      }),
    }),
  ],
});

/** Query options for every procedure: `useQuery(trpc.fleet.summary.queryOptions())`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** How often status pages poll for metrics (inventory changes arrive live, app/useLiveUpdates.ts). */
export const POLL_MS = 5000;
