import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueryObserver } from '../adapters/prometheus/prometheus-metrics';

/** The BFF's own metrics at /metrics: request durations and its queries to Prometheus. */
export function createSelfMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ralf_bff_' });
  const http = new Histogram({
    name: 'ralf_http_request_duration_seconds',
    help: 'HTTP requests served by the BFF',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const queries = new Counter({
    name: 'ralf_prometheus_queries_total',
    help: 'Queries sent to Prometheus',
    labelNames: ['endpoint'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'ralf_prometheus_query_errors_total',
    help: 'Queries to Prometheus that failed or timed out',
    labelNames: ['endpoint'],
    registers: [registry],
  });
  const queryTime = new Histogram({
    name: 'ralf_prometheus_query_duration_seconds',
    help: 'Duration of queries to Prometheus',
    labelNames: ['endpoint'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const observeQuery: QueryObserver = (endpoint, seconds, ok) => {
    queries.inc({ endpoint });
    queryTime.observe({ endpoint }, seconds);
    if (!ok) errors.inc({ endpoint });
  };
  function install(app: FastifyInstance) {
    app.addHook('onResponse', (req, reply, done) => {
      const route = req.routeOptions.url ?? 'unmatched';
      http.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      done();
    });
    app.get('/metrics', { config: { access: 'public' } }, async (_req, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
  }
  return { registry, observeQuery, install };
}
