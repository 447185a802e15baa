import { AppError } from '../lib/app-error';
import type { MetricsSource } from './ports';

const none = () =>
  Promise.reject(
    new AppError('UPSTREAM_UNAVAILABLE', { source: 'metrics', message: 'no metrics source is configured' }),
  );

/** A database without Prometheus and without the demo lab: inventory only, metrics "unavailable". */
export const noMetrics: MetricsSource = { kind: 'none', snapshot: none, fleetSeries: none, series: none, alerts: none };
