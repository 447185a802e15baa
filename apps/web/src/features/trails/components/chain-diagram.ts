import type { TrailEvent } from '@ralf/shared';
import { boxHeight, cut, type Rect, wrap } from '../../architecture/scene';

export interface ChainBox extends Rect {
  id: string;
  kind: TrailEvent['kind'] | 'gap';
  title: string;
  lines: string[];
  /** A decision's options not taken, drawn inside its box: considered, not a path the chain took. */
  notChosen: string[];
}

export interface ChainLink {
  id: string;
  d: string;
  kind: 'cause' | 'gap' | 'corrects';
}

export interface ChainScene {
  width: number;
  height: number;
  boxes: ChainBox[];
  links: ChainLink[];
}

const W = 300;
const GAP_X = 24;
const GAP_Y = 40;

/**
 * The causal chain laid out top to bottom (issue 22): each event a row below its cause, side by
 * side with its siblings; a dashed "gap" box where a cause has not arrived; a correction joined
 * to what it corrects. Pure arithmetic in the browser: drawn in the same frame as the page.
 */
export function chainScene(chain: readonly TrailEvent[], words: { gap: string }): ChainScene {
  const ids = new Set(chain.map((e) => e.id));
  const rows = new Map<number, ChainBox[]>();
  const boxes: ChainBox[] = [];
  const add = (b: Omit<ChainBox, 'x' | 'y' | 'w' | 'h' | 'lines'>, depth: number) => {
    const lines = wrap(b.title, W - 20, 3);
    const box: ChainBox = { ...b, lines, x: 0, y: 0, w: W, h: boxHeight(lines.length + b.notChosen.length) };
    rows.set(depth, [...(rows.get(depth) ?? []), box]);
    boxes.push(box);
    return box;
  };
  const gaps = new Map<string, string>();
  for (const e of chain) {
    const depth = e.depth * 2 + (e.parentId && !ids.has(e.parentId) ? 1 : 0);
    if (e.parentId && !ids.has(e.parentId)) {
      gaps.set(e.id, `gap:${e.id}`);
      add({ id: `gap:${e.id}`, kind: 'gap', title: words.gap, notChosen: [] }, depth - 1);
    }
    const notChosen = e.kind === 'decision' ? e.alternatives.slice(0, 3).map((a) => cut(`✗ ${a.option}`, 40)) : [];
    add({ id: e.id, kind: e.kind, title: e.title, notChosen }, depth);
  }
  // Rows top to bottom, each row's boxes side by side; a row as high as its tallest box.
  let y = 0;
  let width = 0;
  for (const depth of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(depth)!;
    const h = Math.max(...row.map((b) => b.h));
    row.forEach((b, i) => {
      b.x = i * (W + GAP_X);
      b.y = y;
      b.h = h;
    });
    width = Math.max(width, row.length * (W + GAP_X) - GAP_X);
    y += h + GAP_Y;
  }
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const down = (a: Rect, b: Rect) => {
    const p = { x: a.x + a.w / 2, y: a.y + a.h };
    const q = { x: b.x + b.w / 2, y: b.y };
    const m = (p.y + q.y) / 2;
    return `M${p.x},${p.y} C${p.x},${m} ${q.x},${m} ${q.x},${q.y}`;
  };
  const links: ChainLink[] = [];
  for (const e of chain) {
    const me = byId.get(e.id)!;
    const cause = e.parentId ? (byId.get(e.parentId) ?? byId.get(gaps.get(e.id) ?? '')) : undefined;
    if (cause)
      links.push({ id: `${cause.id}>${e.id}`, d: down(cause, me), kind: cause.kind === 'gap' ? 'gap' : 'cause' });
    const target = e.corrects ? byId.get(e.corrects) : undefined;
    if (target) {
      const p = { x: me.x + me.w, y: me.y + me.h / 2 };
      const q = { x: target.x + target.w, y: target.y + target.h / 2 };
      const out = Math.max(p.x, q.x) + 50;
      links.push({
        id: `${e.id}~${target.id}`,
        d: `M${p.x},${p.y} C${out},${p.y} ${out},${q.y} ${q.x},${q.y}`,
        kind: 'corrects',
      });
    }
  }
  return { width: Math.max(width, W) + 60, height: Math.max(0, y - GAP_Y), boxes, links };
}
