/**
 * A discovered host remembers the plan its acceptance proposed (issue 21): the page links to it,
 * and accepting again while that plan is still open returns it instead of proposing another.
 */
export const m0015DiscoveredPlan = {
  version: '0015-discovered-plan',
  sql: `alter table ralf.discovered_host add column plan_id text;`,
};
