/**
 * The change log every live update is read from (issue 4): a change is written in the
 * transaction of what changed and announced with pg_notify on commit; browsers resume from
 * its `seq`. Ingested event ids (idempotency), the ingest traffic per token, and the optional
 * signing secret of a token.
 */
export const m0004IngestLive = {
  version: '0004-ingest-live',
  sql: `
create table ralf.change (
  seq bigint generated always as identity primary key,
  at timestamptz not null,
  topic text not null,
  kind text not null,
  subject text
);

create table ralf.ingest_event (
  id text primary key,
  token_id uuid,
  kind text not null,
  event_at timestamptz,
  received_at timestamptz not null,
  seq bigint not null
);

create table ralf.ingest_request (
  id bigint generated always as identity primary key,
  token_id uuid,
  token_name text,
  at timestamptz not null,
  route text not null,
  status integer not null,
  events integer not null,
  reason text
);
create index ingest_request_token_idx on ralf.ingest_request (token_id, at);
create index ingest_request_at_idx on ralf.ingest_request (at);

alter table ralf.api_token add column signing_secret text;
`,
};
