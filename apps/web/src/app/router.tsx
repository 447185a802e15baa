import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { OverviewPage } from '../features/overview/OverviewPage';
import { useT } from '../i18n/i18n';
import { fleetInputFromParams } from '../features/fleet/fleet-input';
import { AppShell } from './AppShell';
import { queryClient, trpc } from '../lib/trpc';

// Only the overview is in the first load; the fleet pages (virtual table, recharts) load on
// demand. The fleet list is asked for while its code loads, not after.
const FleetPage = lazy(() => {
  void queryClient.prefetchQuery(
    trpc.fleet.list.queryOptions(fleetInputFromParams(new URLSearchParams(window.location.search))),
  );
  return import('../features/fleet/FleetPage').then((m) => ({ default: m.FleetPage }));
});
const NodeDetailPage = lazy(() =>
  import('../features/fleet/NodeDetailPage').then((m) => ({ default: m.NodeDetailPage })),
);
const SignInPage = lazy(() => import('../features/auth/SignInPage').then((m) => ({ default: m.SignInPage })));
const SetupPage = lazy(() => import('../features/auth/SetupPage').then((m) => ({ default: m.SetupPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const UsersPage = lazy(() => import('../features/auth/UsersPage').then((m) => ({ default: m.UsersPage })));
const TokensPage = lazy(() => import('../features/auth/TokensPage').then((m) => ({ default: m.TokensPage })));
const NotificationsPage = lazy(() =>
  import('../features/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })),
);
const IngestPage = lazy(() => import('../features/ingest/IngestPage').then((m) => ({ default: m.IngestPage })));
const CatalogPage = lazy(() => import('../features/deployments/CatalogPage').then((m) => ({ default: m.CatalogPage })));
const DeployPage = lazy(() => import('../features/deployments/DeployPage').then((m) => ({ default: m.DeployPage })));
const DeploymentPage = lazy(() =>
  import('../features/deployments/DeploymentPage').then((m) => ({ default: m.DeploymentPage })),
);
const DeploymentsPage = lazy(() =>
  import('../features/deployments/DeploymentsPage').then((m) => ({ default: m.DeploymentsPage })),
);
const AccountPage = lazy(() => import('../features/settings/AccountPage').then((m) => ({ default: m.AccountPage })));
const PlansPage = lazy(() => import('../features/plans/PlansPage').then((m) => ({ default: m.PlansPage })));
const PlanDetailPage = lazy(() =>
  import('../features/plans/PlanDetailPage').then((m) => ({ default: m.PlanDetailPage })),
);
const PlanSettingsPage = lazy(() =>
  import('../features/plans/PlanSettingsPage').then((m) => ({ default: m.PlanSettingsPage })),
);
const TrailsPage = lazy(() => import('../features/trails/TrailsPage').then((m) => ({ default: m.TrailsPage })));
const TrailDetailPage = lazy(() =>
  import('../features/trails/TrailDetailPage').then((m) => ({ default: m.TrailDetailPage })),
);
const LoopsPage = lazy(() => import('../features/loops/LoopsPage').then((m) => ({ default: m.LoopsPage })));
const FindingsPage = lazy(() => import('../features/findings/FindingsPage').then((m) => ({ default: m.FindingsPage })));
const BackupsPage = lazy(() => import('../features/backups/BackupsPage').then((m) => ({ default: m.BackupsPage })));
const StoragePage = lazy(() => import('../features/storage/StoragePage').then((m) => ({ default: m.StoragePage })));
const BotsPage = lazy(() => import('../features/bots/BotsPage').then((m) => ({ default: m.BotsPage })));
// The architecture page asks for its graph and status while its code loads.
const ArchitecturePage = lazy(() => {
  void queryClient.prefetchQuery(trpc.architecture.graph.queryOptions(undefined, { staleTime: Infinity }));
  void queryClient.prefetchQuery(trpc.architecture.status.queryOptions());
  return import('../features/architecture/ArchitecturePage').then((m) => ({ default: m.ArchitecturePage }));
});
const ServicesPage = lazy(() => import('../features/services/ServicesPage').then((m) => ({ default: m.ServicesPage })));
const ServiceDetailPage = lazy(() =>
  import('../features/services/ServiceDetailPage').then((m) => ({ default: m.ServiceDetailPage })),
);
const DiscoveredPage = lazy(() =>
  import('../features/discovered/DiscoveredPage').then((m) => ({ default: m.DiscoveredPage })),
);
const GuestDetailPage = lazy(() =>
  import('../features/fleet/GuestDetailPage').then((m) => ({ default: m.GuestDetailPage })),
);

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
      <Route path="sign-in" element={lazyPage(<SignInPage />)} />
      <Route path="setup" element={lazyPage(<SetupPage />)} />
      <Route element={<AppShell />}>
        <Route index element={<OverviewPage />} />
        <Route path="fleet" element={lazyPage(<FleetPage />)} />
        <Route path="fleet/node/:name" element={lazyPage(<NodeDetailPage />)} />
        <Route path="fleet/:type/:vmid" element={lazyPage(<GuestDetailPage />)} />
        <Route path="backups" element={lazyPage(<BackupsPage />)} />
        <Route path="storage" element={lazyPage(<StoragePage />)} />
        <Route path="services" element={lazyPage(<ServicesPage />)} />
        <Route path="services/*" element={lazyPage(<ServiceDetailPage />)} />
        <Route path="discovered" element={lazyPage(<DiscoveredPage />)} />
        <Route path="catalog" element={lazyPage(<CatalogPage />)} />
        <Route path="deploy/:templateId" element={lazyPage(<DeployPage />)} />
        <Route path="deployments" element={lazyPage(<DeploymentsPage />)} />
        <Route path="deployments/:id" element={lazyPage(<DeploymentPage />)} />
        <Route path="plans" element={lazyPage(<PlansPage />)} />
        <Route path="plans/:id" element={lazyPage(<PlanDetailPage />)} />
        <Route path="trails" element={lazyPage(<TrailsPage />)} />
        <Route path="trails/*" element={lazyPage(<TrailDetailPage />)} />
        <Route path="loops" element={lazyPage(<LoopsPage />)} />
        <Route path="findings" element={lazyPage(<FindingsPage />)} />
        {/* The page's address before issue 17: bookmarks keep working. */}
        <Route path="compliance" element={<Navigate to="/findings" replace />} />
        <Route path="bots" element={lazyPage(<BotsPage />)} />
        <Route path="architecture" element={lazyPage(<ArchitecturePage />)} />
        <Route path="audit" element={lazyPage(<AuditPage />)} />
        <Route path="account" element={lazyPage(<AccountPage />)} />
        <Route path="admin/users" element={lazyPage(<UsersPage />)} />
        <Route path="admin/tokens" element={lazyPage(<TokensPage />)} />
        <Route path="admin/ingest" element={lazyPage(<IngestPage />)} />
        <Route path="admin/plans" element={lazyPage(<PlanSettingsPage />)} />
        <Route path="admin/notifications" element={lazyPage(<NotificationsPage />)} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
