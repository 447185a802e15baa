import { fleetRouter } from '../features/fleet/fleet.router';
import { systemRouter } from '../features/system/system.router';
import { router } from './trpc';

export const appRouter = router({
  system: systemRouter,
  fleet: fleetRouter,
});

export type AppRouter = typeof appRouter;
