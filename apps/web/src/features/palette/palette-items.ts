import {
  fold,
  matchScore,
  queryWords,
  type Alert,
  type NodeHeadroom,
  type Permission,
  type SearchHit,
} from '@ralf/shared';
import { alertKey } from '../overview/AlertsCard';
import { NAV_GROUPS } from '../../app/nav-items';
import { hasMessage, type T } from '../../i18n/i18n';
import type { PaletteKey, PT } from './palette-text';
import { guestPath, servicePath, trailPath } from '../../lib/links';

/** What a palette row does: open a page, or act (start a guest, run a loop now, propose a migration). */
export type PaletteRun =
  | { kind: 'open'; to: string }
  | { kind: 'guest-action'; guestId: string; name: string; action: 'start' | 'shutdown' }
  | { kind: 'run-loop'; loopId: string; name: string }
  | { kind: 'migrate'; guestId: string; name: string; to: string; toName: string };

export interface PaletteItem {
  key: string;
  label: string;
  /** What kind of thing or action it is, in the reader's language. */
  kind: string;
  detail: string;
  run: PaletteRun;
  /** A hit to remember as recent when chosen (actions are not remembered). */
  remember?: SearchHit;
}

/** Where a hit's page is. */
export function hitPath(h: SearchHit, can: (p: Permission) => boolean): string {
  switch (h.kind) {
    case 'node':
      return `/fleet/node/${h.id.slice('node/'.length)}`;
    case 'guest':
      return guestPath(h.id);
    case 'service':
      return servicePath(h.id);
    case 'template':
      return can('deploy') ? `/deploy/${h.id}` : '/catalog';
    case 'plan':
      return `/plans/${h.id}`;
    case 'deployment':
      return `/deployments/${h.id}`;
    case 'loop':
      return '/loops';
    case 'finding':
      return '/findings';
    case 'trail':
      return trailPath(h.id);
  }
}

/** The pages of the navigation the user may open, matched against the query (all of them for none). */
export function pageItems(t: T, pt: PT, q: string, can: (p: Permission) => boolean): PaletteItem[] {
  const words = queryWords(q);
  const pages = NAV_GROUPS.flatMap((g) => g.items)
    .filter((i) => !i.needs || can(i.needs))
    .map((i) => ({ i, label: t(i.key), score: words.length ? matchScore(words, [t(i.key), i.to]) : 0 }))
    .filter((p) => p.score !== null);
  pages.sort((a, b) => b.score! - a.score!);
  return pages.map(({ i, label }) => ({
    key: `page:${i.to}`,
    label,
    kind: pt('kind.page'),
    detail: i.to,
    run: { kind: 'open', to: i.to },
  }));
}

/**
 * A hit as rows: opening it, and for the first hits what the user's roles let them do with it
 * (the BFF checks the same rules again): start or shut down a guest, propose migrating it to
 * each other online node, deploy a template, run a loop now.
 */
export function hitItems(
  t: T,
  pt: PT,
  h: SearchHit,
  opts: { can: (p: Permission) => boolean; withActions: boolean; nodes: readonly NodeHeadroom[] },
): PaletteItem[] {
  const open: PaletteItem = {
    key: `${h.kind}:${h.id}`,
    label: h.title,
    kind: pt(`kind.${h.kind}` as PaletteKey),
    detail: [h.detail, h.status && statusWord(t, h)].filter(Boolean).join(' · '),
    run: { kind: 'open', to: hitPath(h, opts.can) },
    remember: h,
  };
  if (!opts.withActions || !opts.can('deploy')) return [open];
  const acts: PaletteItem[] = [];
  const act = (key: string, label: string, run: PaletteRun) =>
    acts.push({ key: `${key}:${h.id}`, label, kind: pt('kind.action'), detail: h.title, run });
  if (h.kind === 'guest') {
    // A stopped guest can be started, a running one shut down.
    const power = h.status === 'stopped' ? 'start' : h.status === 'running' ? 'shutdown' : null;
    if (power)
      act(power, pt(power, { name: h.title }), { kind: 'guest-action', guestId: h.id, name: h.title, action: power });
    for (const n of opts.nodes)
      if (n.id !== h.nodeId && n.status === 'online')
        act(`migrate-${n.name}`, pt('migrate', { name: h.title, node: n.name }), {
          kind: 'migrate',
          guestId: h.id,
          name: h.title,
          to: n.id,
          toName: n.name,
        });
  }
  if (h.kind === 'template') act('deploy', pt('deploy', { name: h.title }), { kind: 'open', to: `/deploy/${h.id}` });
  if (h.kind === 'loop')
    act('run', pt('runLoop', { name: h.title }), { kind: 'run-loop', loopId: h.id, name: h.title });
  return [open, ...acts];
}

/** The status in the words its own page uses for it. */
const STATUS_KEY: Partial<Record<SearchHit['kind'], string>> = {
  node: 'status',
  guest: 'status',
  plan: 'plan.status',
  deployment: 'deployment.status',
  loop: 'loops.health',
  finding: 'severity',
  trail: 'trail.outcome',
};

function statusWord(t: T, h: SearchHit): string {
  const key = `${STATUS_KEY[h.kind] ?? 'status'}.${h.status}`;
  return hasMessage(key) ? t(key) : h.status!;
}

/**
 * "Silence this alert": a firing alert that matches the query and no silence covers, for users
 * who may silence (Alertmanager connected); it opens the overview with that alert's form.
 */
export function alertItems(pt: PT, q: string, alerts: readonly Alert[], silenced: ReadonlySet<string>): PaletteItem[] {
  const words = queryWords(q);
  if (!words.length) return [];
  return alerts
    .filter((a) => !silenced.has(alertKey(a)))
    .filter((a) => matchScore(words, [a.name, a.subjectName ?? a.subject ?? '', a.summary ?? ''].map(fold)) !== null)
    .slice(0, 5)
    .map((a) => ({
      key: `silence:${alertKey(a)}`,
      label: pt('silenceAlert', { name: a.name, subject: a.subjectName ?? a.subject ?? '—' }),
      kind: pt('kind.action'),
      detail: a.summary ?? '',
      run: { kind: 'open', to: `/?silence=${encodeURIComponent(alertKey(a))}#alerts` },
    }));
}
