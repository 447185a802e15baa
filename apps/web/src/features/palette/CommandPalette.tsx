import type { Permission } from '@ralf/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n/i18n';
import { errorMessage } from '../../lib/errors';
import { useSession } from '../../lib/session';
import { guestPath } from '../../lib/links';
import { queryClient, trpc, trpcClient } from '../../lib/trpc';
import { useNotices } from '../../stores/notices';
import { usePalette } from '../../stores/palette';
import { alertKey } from '../overview/AlertsCard';
import { alertItems, hitItems, pageItems, type PaletteItem } from './palette-items';
import { useOwnText } from '../../lib/own-text';
import { PALETTE_TEXT } from './palette-text';
import { rememberHit, recentHits } from './recent';

/** Hits that get their actions offered beside them (the best few: the list stays short). */
const WITH_ACTIONS = 3;

/**
 * The command palette (issue 21): Ctrl+K, ⌘K or "/" opens it; typing searches the lab (nodes,
 * guests by name, vmid, address or tag, services, templates, plans, deployments, loops,
 * findings, trails) and the pages, and offers what the user's roles let them do with the first
 * hits. Arrow keys move, Enter runs, Escape closes; what was opened last comes first.
 */
export default function CommandPalette() {
  const t = useT();
  const pt = useOwnText(PALETTE_TEXT);
  const navigate = useNavigate();
  const setOpen = usePalette((s) => s.setOpen);
  const say = useNotices((s) => s.say);
  const permissions = useSession().data?.user.permissions ?? [];
  const can = (p: Permission) => permissions.includes(p);
  // What was typed while the palette's code loaded, if anything.
  const [q, setQ] = useState(() => usePalette.getState().draft);
  // The row chosen, for the query it was chosen in: a new query starts at the top again.
  const [chosen, setChosen] = useState({ q: '', i: 0 });
  const input = useRef<HTMLInputElement>(null);
  const returnTo = useRef<Element | null>(document.activeElement);
  const query = q.trim();
  const found = useQuery({
    ...trpc.search.find.queryOptions({ q: query, limit: 20 }),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5000,
  });
  // For actions only: the nodes to migrate to, the alerts to silence (both already on the overview).
  const summary = useQuery({ ...trpc.fleet.summary.queryOptions(), enabled: can('deploy') });
  const alertsState = useQuery({ ...trpc.alerts.state.queryOptions(), enabled: can('deploy'), retry: false });
  const nodes = summary.data?.headroom;

  const items = useMemo(() => {
    const recent = recentHits();
    if (!query) {
      const remembered = recent.flatMap((h) => hitItems(t, pt, h, { can, withActions: false, nodes: [] }));
      return [...remembered, ...pageItems(t, pt, '', can)];
    }
    // Recent hits first among those found, then by how well they matched.
    const seen = new Set(recent.map((h) => `${h.kind}:${h.id}`));
    const hits = [...(query && found.data ? found.data.hits : [])].sort(
      (a, b) => Number(seen.has(`${b.kind}:${b.id}`)) - Number(seen.has(`${a.kind}:${a.id}`)),
    );
    const silenceable = alertsState.data?.alertmanager ? (summary.data?.alerts ?? []) : [];
    const silenced = new Set((alertsState.data?.silenced ?? []).map(alertKey));
    return [
      ...hits.flatMap((h, i) => hitItems(t, pt, h, { can, withActions: i < WITH_ACTIONS, nodes: nodes ?? [] })),
      ...alertItems(pt, query, silenceable, silenced),
      ...pageItems(t, pt, query, can),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `can` follows `permissions`
  }, [t, pt, query, found.data, summary.data, alertsState.data, permissions]);

  const active = chosen.q === query ? chosen.i : 0;
  const setActive = (i: number) => setChosen({ q: query, i });
  useEffect(() => {
    input.current?.focus();
    const back = returnTo.current;
    return () => (back as HTMLElement | null)?.focus?.();
  }, []);
  useEffect(() => {
    document.getElementById(`palette-item-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const close = () => setOpen(false);
  // The palette closes as an action starts, so what follows is not tied to it: a notice says
  // how it went, and the pages read again.
  const run = <R,>(call: Promise<R>, said: (r: R) => string, then?: (r: R) => void) =>
    call.then(
      (r) => {
        say(said(r));
        void queryClient.invalidateQueries();
        then?.(r);
      },
      (err: unknown) => say(errorMessage(t, err), 'warn'),
    );

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    if (item.remember) rememberHit(item.remember);
    const r = item.run;
    close();
    switch (r.kind) {
      case 'open':
        void navigate(r.to);
        return;
      case 'guest-action':
        void run(
          trpcClient.tasks.act.mutate({ guestId: r.guestId, action: r.action, idempotencyKey: crypto.randomUUID() }),
          () => pt(`done.${r.action}`, { name: r.name }),
        );
        void navigate(guestPath(r.guestId));
        return;
      case 'run-loop':
        void run(trpcClient.loops.runNow.mutate({ id: r.loopId }), () => pt('done.runLoop', { name: r.name }));
        return;
      case 'migrate':
        void run(
          trpcClient.plans.propose.mutate({
            actions: [{ type: 'migrate', guestId: r.guestId, to: r.to }],
          }),
          () => pt('done.migrate', { name: r.name, node: r.toName }),
          (p) => void navigate(`/plans/${p.planId}`),
        );
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = items.length || 1;
      setActive(e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(items[active]);
    }
  };

  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div role="dialog" aria-modal="true" aria-label={pt('title')} className="palette" onKeyDown={onKeyDown}>
        <input
          ref={input}
          className="input palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={items.length ? `palette-item-${active}` : undefined}
          aria-label={pt('title')}
          placeholder={pt('placeholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <ul id="palette-list" role="listbox" aria-label={pt('results')} className="palette-list">
          {items.map((item, i) => (
            <li
              key={item.key}
              id={`palette-item-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseMove={() => i !== active && setActive(i)}
              onClick={() => choose(item)}
            >
              <span className="palette-label">{item.label}</span>
              <span className="palette-detail muted">{item.detail}</span>
              <span className="badge tone-muted">{item.kind}</span>
            </li>
          ))}
        </ul>
        {query && found.isSuccess && !items.length && <p className="muted palette-empty">{pt('nothing')}</p>}
        {found.isError && <p className="tone-warn palette-empty">{errorMessage(t, found.error)}</p>}
        <p className="palette-help muted">{pt('help')}</p>
      </div>
    </div>
  );
}
