import type { HealthState } from '@ralf/shared';
import type { Theme } from '../../stores/theme';

export const HEALTH_STATES: readonly HealthState[] = ['healthy', 'degraded', 'down', 'unknown'];

interface Tone {
  fill: string;
  stroke: string;
  text: string;
  width: number;
  dash?: string;
}

/**
 * Each theme's diagram colours (issue 22): text on every box at 7:1 or more against its fill in
 * both themes (4.5:1 is the floor), states told apart by border width and dash as well as colour.
 */
export const PALETTE: Record<
  Theme,
  Record<HealthState, Tone> & { frame: string; frameText: string; edge: string; edgeText: string; halo: string }
> = {
  light: {
    healthy: { fill: '#d1fae5', stroke: '#047857', text: '#0b1f17', width: 1.5 },
    degraded: { fill: '#fef3c7', stroke: '#b45309', text: '#231a06', width: 3, dash: '6 3' },
    down: { fill: '#fee2e2', stroke: '#b91c1c', text: '#2a0b0b', width: 4 },
    unknown: { fill: '#e5e7eb', stroke: '#6b7280', text: '#111827', width: 1.5, dash: '2 3' },
    frame: '#94a3b8',
    frameText: '#334155',
    edge: '#475569',
    edgeText: '#0f172a',
    halo: '#ffffff',
  },
  dark: {
    healthy: { fill: '#064e3b', stroke: '#34d399', text: '#ecfdf5', width: 1.5 },
    degraded: { fill: '#713f12', stroke: '#fbbf24', text: '#fffbeb', width: 3, dash: '6 3' },
    down: { fill: '#7f1d1d', stroke: '#f87171', text: '#fef2f2', width: 4 },
    unknown: { fill: '#374151', stroke: '#9ca3af', text: '#f9fafb', width: 1.5, dash: '2 3' },
    frame: '#475569',
    frameText: '#cbd5e1',
    edge: '#94a3b8',
    edgeText: '#e2e8f0',
    halo: '#161d25',
  },
};

/** The legend's swatches, in the boxes' own fill and border, per theme. */
export const swatchCss = () =>
  (['light', 'dark'] as const)
    .flatMap((theme) =>
      HEALTH_STATES.map((s) => {
        const p = PALETTE[theme][s];
        return `[data-theme='${theme}'] .swatch.st-${s}{background:${p.fill};border:${p.width}px ${p.dash ? 'dashed' : 'solid'} ${p.stroke}}`;
      }),
    )
    .join('\n');

/** The rules that draw a picture in one theme's colours, for the page and inside an exported SVG. */
export function diagramCss(scope: string, theme: Theme): string {
  const p = PALETTE[theme];
  const box = (s: HealthState) => {
    const t = p[s];
    return (
      `${scope} g.node.st-${s} rect{fill:${t.fill};stroke:${t.stroke};stroke-width:${t.width}px;stroke-dasharray:${t.dash ?? 'none'}}` +
      `${scope} g.node.st-${s} text{fill:${t.text}}`
    );
  };
  return [
    ...HEALTH_STATES.map(box),
    `${scope} text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}`,
    `${scope} .frame rect{fill:none;stroke:${p.frame};stroke-width:1.5px;stroke-dasharray:5 4}`,
    `${scope} .frame.depth-0 > rect{stroke-dasharray:none}`,
    `${scope} .frame text{fill:${p.frameText};font-weight:600}`,
    `${scope} g.node.external rect{stroke-dasharray:7 4}`,
    `${scope} g.node .box-title{font-weight:700}`,
    `${scope} g.node{cursor:pointer}`,
    `${scope} g.node.selected rect{stroke-width:5px}`,
    `${scope} path.edge{fill:none;stroke:${p.edge};stroke-width:1.6px;opacity:0;transition:opacity .15s}`,
    `${scope} path.edge.lit{opacity:1;stroke:var(--flow,${p.edge});stroke-width:3px;marker-end:url(#arch-arrow)}`,
    `${scope} path.edge.faded{opacity:.08}`,
    `${scope} path.edge.ghost{opacity:1;stroke:#7c3aed;stroke-width:2.5px;stroke-dasharray:7 5;marker-end:url(#arch-arrow)}`,
    `${scope} #arch-arrow path{fill:${p.edge}}`,
    `${scope} text.edge-label{fill:${p.edgeText};paint-order:stroke;stroke:${p.halo};stroke-width:5px;stroke-linejoin:round}`,
  ].join('\n');
}

/** The picture as a standalone SVG file: its own size, the theme's colours inside, no page styles needed. */
export function exportSvg(svg: SVGSVGElement, theme: Theme): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = diagramCss(`#${svg.id}`, theme);
  copy.insertBefore(style, copy.firstChild);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.removeAttribute('style');
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', PALETTE[theme].halo);
  copy.insertBefore(bg, style.nextSibling);
  for (const el of copy.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** Saves text as a file through the browser. */
export function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
