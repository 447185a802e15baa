import { ARCH_FLOWS, SEED_ARCHITECTURE, mergeEdges, type ArchFlow, type HealthState } from '@ralf/shared';
import { architectureMermaid, physicalId, physicalMermaid } from './mermaid';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { HealthBadge } from '../../components/HealthBadge';
import { useT } from '../../i18n/i18n';
import { useLocale } from '../../stores/locale';
import { BoxPanel, GuestPanel } from './BoxPanel';
import { statusOfBoxes, type ViewName } from './box-status';
import { ComponentList, type ComponentRow } from './ComponentList';
import { HEALTH_STATES, diagramCss, download, swatchCss, exportSvg } from './diagram-dom';
import { DiagramCanvas, type CanvasHandle } from './DiagramCanvas';
import { logicalScene, physicalScene } from './scene-layout';
import { SceneSvg } from './SceneSvg';
import { useTheme } from '../../stores/theme';

const FLOW_IDS = new Set<string>(ARCH_FLOWS.map((f) => f.id));

/**
 * The live architecture (issues 9 and 22): the seed's picture laid out in the browser for the
 * screen's shape and painted as SVG, boxes coloured by live health without laying out again,
 * flows as layers of edges (bundled at rest), a physical view of nodes, guests and services with
 * pending migrations as ghosts; click a box for its panel.
 */
export function ArchitecturePage() {
  const t = useT();
  const lang = useLocale((l) => l.locale);
  const [params, setParams] = useSearchParams();
  const view: ViewName = params.get('view') === 'physical' ? 'physical' : 'logical';
  const layersParam = params.get('layers') ?? '';
  const layers = useMemo(() => layersParam.split(',').filter((f): f is ArchFlow => FLOW_IDS.has(f)), [layersParam]);
  const selected = params.get('box');
  const theme = useTheme((s) => s.theme);
  // Wide screens get the picture left to right, a phone held upright top to bottom.
  const [direction] = useState<'LR' | 'TB'>(() => (window.innerWidth < window.innerHeight ? 'TB' : 'LR'));
  const canvas = useRef<CanvasHandle>(null);

  // The seed's picture draws at once; the BFF's graph (with the profile's extras) replaces it if it differs.
  const graph = useQuery(
    trpc.architecture.graph.queryOptions(undefined, { staleTime: Infinity, placeholderData: SEED_ARCHITECTURE }),
  );
  const status = useQuery(trpc.architecture.status.queryOptions(undefined, { refetchInterval: 15_000 }));
  const physical = useQuery(
    trpc.architecture.physical.queryOptions(undefined, { enabled: view === 'physical', refetchInterval: 15_000 }),
  );

  const set = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(changes))
          if (v) next.set(k, v);
          else next.delete(k);
        return next;
      },
      { replace: true },
    );
  const toggleLayer = (f: ArchFlow) =>
    set({ layers: (layers.includes(f) ? layers.filter((x) => x !== f) : [...layers, f]).join(',') || null });

  const merged = useMemo(() => (graph.data ? mergeEdges(graph.data.edges, lang) : []), [graph.data, lang]);
  // Laid out once per graph, language and view; status and flows only paint over it.
  const laid = useMemo(() => {
    try {
      if (view === 'physical') return physical.data ? { scene: physicalScene(physical.data) } : null;
      return graph.data ? { scene: logicalScene(graph.data, { lang, direction }) } : null;
    } catch (err) {
      return { failure: (err as Error).message };
    }
  }, [view, graph.data, physical.data, lang, direction]);
  const failure = laid && 'failure' in laid ? laid.failure : null;
  const scene = laid && 'scene' in laid ? laid.scene : null;

  const boxStatus = useMemo(
    () => statusOfBoxes(t, view, graph.data, status.data, physical.data),
    [t, view, graph.data, status.data, physical.data],
  );

  const rows: ComponentRow[] = useMemo(() => Object.entries(boxStatus).map(([id, s]) => ({ id, ...s })), [boxStatus]);
  const counts = useMemo(() => {
    const c: Record<HealthState, number> = { healthy: 0, degraded: 0, down: 0, unknown: 0 };
    for (const r of rows) c[r.state]++;
    return c;
  }, [rows]);

  const exportMermaid = () => {
    const st = Object.fromEntries(rows.map((r) => [r.id, r.state]));
    const out =
      view === 'physical' && physical.data
        ? physicalMermaid(physical.data, { status: true })
        : graph.data
          ? // The export keeps the seed's own (German) text, whatever the page's language (issue 18).
            architectureMermaid(graph.data, { lang: 'de', labels: true, status: st })
          : '';
    download(`ralf-architecture-${view}.mmd`, 'text/plain', `${out}\n`);
  };
  const exportPicture = () => {
    const svg = canvas.current?.svg();
    if (svg) download(`ralf-architecture-${view}.svg`, 'image/svg+xml', exportSvg(svg, theme));
  };

  const error = graph.error ?? (view === 'physical' ? physical.error : null);
  const selectedBox = view === 'logical' && selected ? graph.data?.nodes.find((n) => n.id === selected) : undefined;
  const selectedGuest =
    view === 'physical' && selected
      ? physical.data?.nodes.flatMap((n) => n.guests).find((g) => physicalId(g.id) === selected)
      : undefined;

  return (
    <section className="page arch-page">
      <style>{`${diagramCss("[data-theme='light'] .arch-content", 'light')}\n${diagramCss("[data-theme='dark'] .arch-content", 'dark')}\n${swatchCss()}`}</style>
      <header className="page-head">
        <h1>{t('nav.architecture')}</h1>
        <nav className="tabs" aria-label={t('arch.views')}>
          <Link
            to="?view=logical"
            className={view === 'logical' ? 'active' : ''}
            aria-current={view === 'logical' ? 'page' : undefined}
          >
            {t('arch.logical')}
          </Link>
          <Link
            to="?view=physical"
            className={view === 'physical' ? 'active' : ''}
            aria-current={view === 'physical' ? 'page' : undefined}
          >
            {t('arch.physical')}
          </Link>
        </nav>
        <span className="spacer" />
        <div className="arch-tools" role="toolbar" aria-label={t('arch.tools')}>
          <button
            type="button"
            className="btn icon"
            onClick={() => canvas.current?.zoom(1 / 1.25)}
            aria-label={t('arch.zoomOut')}
          >
            −
          </button>
          <button
            type="button"
            className="btn icon"
            onClick={() => canvas.current?.zoom(1.25)}
            aria-label={t('arch.zoomIn')}
          >
            +
          </button>
          <button type="button" className="btn" onClick={() => canvas.current?.fit()}>
            {t('arch.fit')}
          </button>
          <button type="button" className="btn" onClick={exportPicture} disabled={!!failure} data-testid="export-svg">
            {t('arch.exportSvg')}
          </button>
          <button type="button" className="btn" onClick={exportMermaid} data-testid="export-mermaid">
            {t('arch.exportMermaid')}
          </button>
        </div>
      </header>

      <div className="arch-legend" aria-label={t('arch.legend')}>
        <ul className="arch-states">
          {HEALTH_STATES.map((s) => (
            <li key={s}>
              <span className={`swatch st-${s}`} aria-hidden="true" />
              <HealthBadge state={s} /> <span className="muted small">{counts[s]}</span>
            </li>
          ))}
        </ul>
        {view === 'logical' && (
          <ul className="arch-flows" aria-label={t('arch.flows')}>
            {ARCH_FLOWS.map((f) => {
              const loop = status.data?.flows[f.id];
              const on = layers.includes(f.id);
              return (
                <li key={f.id}>
                  <button
                    type="button"
                    className={`btn small flow ${on ? 'on' : ''}`}
                    aria-pressed={on}
                    data-testid={`layer-${f.id}`}
                    onClick={() => toggleLayer(f.id)}
                    style={{ ['--flow' as string]: f.color }}
                  >
                    <span className="line" aria-hidden="true" />
                    {t(`arch.flow.${f.id}`)}{' '}
                    <span className="muted small">{merged.filter((m) => m.flows.includes(f.id)).length}</span>
                  </button>
                  {loop && (
                    <span title={t.msg(loop.reason)}>
                      <HealthBadge state={loop.state} />
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {view === 'logical' && (
          <p className="muted small" data-testid="arch-hint">
            {t('arch.edgesHint')}
          </p>
        )}
        {view === 'physical' && physical.data && (
          <p className="muted small">
            <span className="ghost-line" aria-hidden="true" /> {t('arch.ghosts', { n: physical.data.ghosts.length })}
            {physical.data.ghostsCut > 0 && <> · {t('arch.ghostsCut', { n: physical.data.ghostsCut })}</>}
          </p>
        )}
      </div>

      {error && <ErrorState error={error} onRetry={() => void (graph.error ? graph.refetch() : physical.refetch())} />}
      {status.isError && (
        <p className="callout tone-warn" role="status">
          {t('arch.statusUnavailable')}
        </p>
      )}

      <div className={`arch-main ${selected ? 'with-panel' : ''}`}>
        {failure ? (
          <div className="card arch-failed" role="alert" data-testid="arch-failed">
            <p>{t('arch.failed', { message: failure })}</p>
          </div>
        ) : (
          scene && (
            <DiagramCanvas
              key={view}
              ref={canvas}
              width={scene.width}
              height={scene.height}
              onSelect={(box) => set({ box })}
              label={t('arch.canvas')}
            >
              <SceneSvg
                scene={scene}
                status={boxStatus}
                layers={view === 'logical' ? layers : []}
                selected={selected}
              />
            </DiagramCanvas>
          )
        )}
        {selectedBox && graph.data && (
          <BoxPanel
            box={selectedBox}
            status={status.data?.nodes[selectedBox.id]}
            graph={graph.data}
            merged={merged}
            onClose={() => set({ box: null })}
            onSelect={(box) => set({ box })}
          />
        )}
        {selectedGuest && <GuestPanel guest={selectedGuest} view={physical.data!} onClose={() => set({ box: null })} />}
      </div>

      <ComponentList rows={rows} open={!!failure} onSelect={(box) => set({ box })} />
    </section>
  );
}
