import { ARCH_FLOWS, type ArchFlow, type HealthState, type MergedEdge } from '@ralf/shared';
import { HEALTH_STYLE } from './mermaid';

/**
 * What the page does to a picture mermaid drew, without drawing it again: finds its boxes and
 * edges by the ids the generated text gave them, colours boxes by status and lights the edges of
 * the chosen flows. Zoom and position are the canvas's; nothing here touches them.
 */
export interface DiagramIndex {
  nodes: Map<string, SVGGElement>;
  edges: Map<string, SVGPathElement>;
}

/** Boxes are `<svgId>-flowchart-<ID>-<n>`; edges carry the edge id as `data-id`. */
export function indexDiagram(svg: SVGSVGElement): DiagramIndex {
  const prefix = `${svg.id}-flowchart-`;
  const nodes = new Map<string, SVGGElement>();
  for (const g of svg.querySelectorAll<SVGGElement>('g.node')) {
    if (!g.id.startsWith(prefix)) continue;
    nodes.set(g.id.slice(prefix.length).replace(/-\d+$/, ''), g);
  }
  const edges = new Map<string, SVGPathElement>();
  for (const p of svg.querySelectorAll<SVGPathElement>('path[data-id]')) edges.set(p.dataset.id!, p);
  return { nodes, edges };
}

export const HEALTH_STATES: readonly HealthState[] = ['healthy', 'degraded', 'down', 'unknown'];

/** Sets each box's state (a class and `data-state`) and its spoken and hover text; no redraw. */
export function paintStatus(index: DiagramIndex, status: Record<string, { state: HealthState; text: string }>) {
  for (const [id, g] of index.nodes) {
    const s = status[id];
    const state = s?.state ?? 'unknown';
    for (const h of HEALTH_STATES) g.classList.toggle(`st-${h}`, h === state);
    g.dataset.state = state;
    g.dataset.box = id;
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', s?.text ?? id);
    let title = g.querySelector(':scope > title');
    if (!title) title = g.insertBefore(document.createElementNS('http://www.w3.org/2000/svg', 'title'), g.firstChild);
    title.textContent = s?.text ?? id;
  }
}

/** Marks each drawn edge with its pair and flows, once after drawing. */
export function markEdges(index: DiagramIndex, merged: readonly MergedEdge[]) {
  for (const m of merged) {
    const p = index.edges.get(m.id);
    if (!p) continue;
    p.dataset.edge = `${m.from}>${m.to}`;
    p.dataset.flows = m.flows.join(' ');
  }
}

/** Lights the edges of the chosen flows in the colour of the first one they carry; the rest fade. */
export function paintLayers(index: DiagramIndex, layers: readonly ArchFlow[]) {
  for (const p of index.edges.values()) {
    const flows = (p.dataset.flows ?? '').split(' ').filter(Boolean);
    const hit = layers.find((l) => flows.includes(l));
    p.classList.toggle('lit', Boolean(hit));
    p.classList.toggle('faded', layers.length > 0 && !hit);
    if (hit) p.style.setProperty('--flow', ARCH_FLOWS.find((f) => f.id === hit)!.color);
    else p.style.removeProperty('--flow');
  }
}

const healthStyle = (s: HealthState): Record<string, string> =>
  Object.fromEntries(HEALTH_STYLE[s].split(',').map((kv) => kv.split(':') as [string, string]));

/** The legend's swatches, in the boxes' own fill and border. */
export const swatchCss = () =>
  HEALTH_STATES.map((s) => {
    const st = healthStyle(s);
    return `.swatch.st-${s}{background:${st.fill};border:${st['stroke-width'] ?? '2px'} ${st['stroke-dasharray'] ? 'dashed' : 'solid'} ${st.stroke}}`;
  }).join('\n');

/** The rules that make the classes above visible, for the page and inside an exported SVG. */
export function diagramCss(scope: string): string {
  const box = (s: HealthState) => {
    const style = healthStyle(s);
    return (
      `${scope} g.node.st-${s} :is(rect,path,polygon,circle,ellipse){fill:${style.fill}!important;stroke:${style.stroke}!important;stroke-width:${style['stroke-width'] ?? '1.5px'}!important;${style['stroke-dasharray'] ? `stroke-dasharray:${style['stroke-dasharray']}!important;` : 'stroke-dasharray:none!important;'}}` +
      `${scope} g.node.st-${s} text,${scope} g.node.st-${s} tspan{fill:${style.color}!important}`
    );
  };
  return [
    ...HEALTH_STATES.map(box),
    `${scope} path.flowchart-link{transition:opacity .2s,stroke .2s}`,
    `${scope} path.flowchart-link.lit{stroke:var(--flow)!important;stroke-width:3.5px!important;opacity:1}`,
    `${scope} path.flowchart-link.faded{opacity:.12}`,
    `${scope} path[data-id^="ghost"]{stroke:#7c3aed!important;stroke-width:2.5px!important;stroke-dasharray:7 5!important}`,
    `${scope} g.node{cursor:pointer}`,
    `${scope} g.node.selected :is(rect,path,polygon){stroke-width:5px!important}`,
  ].join('\n');
}

/** The picture as a standalone SVG file: its own size, the status and flow rules inside. */
export function exportSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = diagramCss(`#${svg.id}`);
  copy.insertBefore(style, copy.firstChild);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.removeAttribute('style');
  const vb = svg.viewBox.baseVal;
  if (vb && vb.width) {
    copy.setAttribute('width', String(Math.ceil(vb.width)));
    copy.setAttribute('height', String(Math.ceil(vb.height)));
  }
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
