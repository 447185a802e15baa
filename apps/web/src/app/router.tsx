import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { OverviewPage } from '../features/overview/OverviewPage';
import { useT } from '../i18n/i18n';
import { fleetInputFromParams } from '../features/fleet/fleet-input';
import { AppShell } from './AppShell';
import { queryClient, trpc } from './trpc';

// Only the overview is in the first load; the fleet pages (virtual table, recharts) load on
// demand. The fleet list is asked for while its code loads, not after.
const FleetPage = lazy(() => {
  void queryClient.prefetchQuery(trpc.fleet.list.queryOptions(fleetInputFromParams(new URLSearchParams(window.location.search))));
  return import('../features/fleet/FleetPage').then((m) => ({ default: m.FleetPage }));
});
const NodeDetailPage = lazy(() => import('../features/fleet/NodeDetailPage').then((m) => ({ default: m.NodeDetailPage })));
const GuestDetailPage = lazy(() => import('../features/fleet/GuestDetailPage').then((m) => ({ default: m.GuestDetailPage })));

function Loading() {
  const t = useT();
  return <p className="muted">{t('common.loading')}</p>;
}

function NotFound() {
  const t = useT();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
    </section>
  );
}

const lazyPage = (el: ReactNode) => <Suspense fallback={<Loading />}>{el}</Suspense>;

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<OverviewPage />} />
        <Route path="fleet" element={lazyPage(<FleetPage />)} />
        <Route path="fleet/node/:name" element={lazyPage(<NodeDetailPage />)} />
        <Route path="fleet/:type/:vmid" element={lazyPage(<GuestDetailPage />)} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
