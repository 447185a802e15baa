/**
 * Trust holes closed (issue 15): a sign-in attempt is reserved before its hash is checked (`ok`
 * is null until it ends) and a burst of refusals leaves one marker per window; ingest event ids
 * are one namespace per token; a signed ingest request is accepted once; a plan remembers the
 * person behind the token that submitted it, who may not approve it.
 */
export const m0009Trust = {
  version: '0009-trust',
  sql: `
alter table ralf.sign_in_attempt alter column ok drop not null;
alter table ralf.sign_in_attempt add column refused boolean not null default false;
create index sign_in_attempt_pair_idx on ralf.sign_in_attempt (username, address, at);

alter table ralf.ingest_event drop constraint ingest_event_pkey;
create unique index ingest_event_token_id_idx on ralf.ingest_event (token_id, id) nulls not distinct;

create table ralf.ingest_signature (
  token_id uuid not null,
  signature text not null,
  seen_at timestamptz not null,
  primary key (token_id, signature)
);
create index ingest_signature_seen_idx on ralf.ingest_signature (seen_at);

alter table ralf.plan add column submitted_for text;
`,
};
