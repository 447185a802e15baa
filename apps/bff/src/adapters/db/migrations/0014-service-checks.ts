/**
 * HTTP checks of services (issue 21): one row per check of a service's `http_check_url`, kept
 * eight days (uptime over 24 hours and 7 days is counted from them).
 */
export const m0014ServiceChecks = {
  version: '0014-service-checks',
  sql: `
create table ralf.service_check (
  service_id text not null,
  at timestamptz not null,
  ok boolean not null,
  status integer,
  latency_ms integer,
  reason jsonb,
  cert_expires_at timestamptz,
  primary key (service_id, at)
);
create index service_check_at on ralf.service_check (at);
`,
};
