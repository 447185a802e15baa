import { type ArchitectureGraph, boxName, groupLabel, mergeEdges, type PhysicalView } from '@ralf/shared';
import { physicalId } from './mermaid';
import {
  boxHeight,
  curve,
  cut,
  FONT,
  type Rect,
  type Scene,
  type SceneBox,
  type SceneEdge,
  type SceneGroup,
  wrap,
} from './scene';

const PAD = 14;
const HEAD = 30;
const GAP = 12;
const COL_GAP = 22;
const BOX_W = 222;

interface Placed {
  w: number;
  h: number;
}

/**
 * The seed's picture laid out for the screen's shape (issue 22): on a wide screen each group's
 * boxes stand in a column and the groups side by side inside their parent's frame, boxes outside
 * every group in a column beside it; on a phone held upright the groups stack. Computed in the
 * browser in a few milliseconds: the page paints it at once, no layout engine to load.
 */
export function logicalScene(
  graph: ArchitectureGraph,
  { lang, direction }: { lang: 'en' | 'de'; direction: 'LR' | 'TB' },
): Scene {
  const boxes: SceneBox[] = [];
  const groups: SceneGroup[] = [];

  const makeBox = (id: string, x: number, y: number): SceneBox => {
    const n = graph.nodes.find((v) => v.id === id)!;
    const text = lang === 'de' ? n.de : (n.en ?? n.de);
    const lines = text ? wrap(text, BOX_W - 20, 2) : [];
    return {
      id,
      x,
      y,
      w: BOX_W,
      h: boxHeight(lines.length),
      title: cut(boxName(n, lang), 30),
      lines,
      external: n.role === 'external' || n.group === null,
    };
  };

  /** Boxes stacked in one column from (x, y); its size. */
  const column = (ids: string[], x: number, y: number): Placed => {
    let h = 0;
    for (const id of ids) {
      const b = makeBox(id, x, y + h);
      boxes.push(b);
      h += b.h + GAP;
    }
    return { w: ids.length ? BOX_W : 0, h: Math.max(0, h - GAP) };
  };

  /** A frame with its own boxes (a column) and its sub-frames, side by side or stacked; its size. */
  const frame = (id: string, x: number, y: number, depth: number): Placed => {
    const g = graph.groups.find((v) => v.id === id)!;
    const inner = { x: x + PAD, y: y + HEAD };
    let w = 0;
    let h = 0;
    const own = graph.nodes.filter((n) => n.group === id).map((n) => n.id);
    const parts: (() => Placed)[] = [];
    if (own.length)
      parts.push(() => column(own, inner.x + (direction === 'LR' ? w : 0), inner.y + (direction === 'LR' ? 0 : h)));
    for (const child of graph.groups.filter((c) => c.parent === id))
      parts.push(() =>
        frame(child.id, inner.x + (direction === 'LR' ? w : 0), inner.y + (direction === 'LR' ? 0 : h), depth + 1),
      );
    for (const part of parts) {
      const p = part();
      if (direction === 'LR') {
        w += p.w + COL_GAP;
        h = Math.max(h, p.h);
      } else {
        w = Math.max(w, p.w);
        h += p.h + COL_GAP;
      }
    }
    if (direction === 'LR') w -= parts.length ? COL_GAP : 0;
    else h -= parts.length ? COL_GAP : 0;
    const size = { w: w + 2 * PAD, h: h + HEAD + PAD };
    groups.push({ id, x, y, w: size.w, h: size.h, label: cut(groupLabel(g, lang), 60), depth });
    return size;
  };

  let w = 0;
  let h = 0;
  for (const g of graph.groups.filter((v) => v.parent === null)) {
    const p = frame(g.id, direction === 'LR' ? w : 0, direction === 'LR' ? 0 : h, 0);
    if (direction === 'LR') {
      w += p.w + COL_GAP * 2;
      h = Math.max(h, p.h);
    } else {
      w = Math.max(w, p.w);
      h += p.h + COL_GAP;
    }
  }
  const loose = graph.nodes.filter((n) => n.group === null).map((n) => n.id);
  if (loose.length) {
    // Boxes outside every group stand beside the frames, level with the first frame's boxes.
    const p = column(loose, direction === 'LR' ? w : PAD, direction === 'LR' ? HEAD * 2 : h);
    if (direction === 'LR') {
      w += p.w;
      h = Math.max(h, p.h + HEAD * 2);
    } else {
      w = Math.max(w, p.w + PAD);
      h += p.h;
    }
  } else if (direction === 'LR') w -= COL_GAP * 2;
  groups.sort((a, b) => a.depth - b.depth);
  // A box whose frame hangs nowhere (a group inside itself) would be missing without a word.
  const placed = new Set(boxes.map((b) => b.id));
  const lost = graph.nodes.filter((v) => !placed.has(v.id)).map((v) => v.id);
  if (lost.length) throw new Error(`no frame of the picture holds ${lost.join(', ')}`);

  // An edge may end at a frame (an operator's extra pointing at a group).
  const rectOf = new Map<string, Rect>([...boxes, ...groups].map((r) => [r.id, r]));
  const edges: SceneEdge[] = [];
  for (const m of mergeEdges(graph.edges, lang)) {
    const a = rectOf.get(m.from);
    const b = rectOf.get(m.to);
    if (!a || !b) continue;
    const c = curve(a, b);
    edges.push({ id: m.id, from: m.from, to: m.to, ...c, label: cut(m.labels.join(' · '), 70), flows: m.flows });
  }
  return { width: w, height: h, groups, boxes, edges };
}

const GUEST_W = 200;

/**
 * Nodes as frames side by side (in rows when there are many), their guests in a grid inside;
 * names are drawn as text nodes, so whatever an inventory calls a guest appears as it is.
 */
export function physicalScene(view: PhysicalView): Scene {
  const boxes: SceneBox[] = [];
  const groups: SceneGroup[] = [];
  const perRow = Math.max(3, Math.ceil(Math.sqrt(view.nodes.length)));
  let x = 0;
  let y = 0;
  let rowH = 0;
  let width = 0;
  view.nodes.forEach((node, i) => {
    if (i > 0 && i % perRow === 0) {
      x = 0;
      y += rowH + COL_GAP * 2;
      rowH = 0;
    }
    const cols = Math.max(1, Math.min(4, Math.ceil(Math.sqrt(node.guests.length / 3))));
    const rows: number[] = [];
    const placed: { b: SceneBox; row: number }[] = [];
    node.guests.forEach((g, j) => {
      const lines = wrap(
        `${g.id}${g.services.length ? ` · ${g.services.map((s) => s.name).join(', ')}` : ''}`,
        GUEST_W - 20,
        2,
      );
      const col = j % cols;
      const row = Math.floor(j / cols);
      const top = y + HEAD + rows.slice(0, row).reduce((s, r) => s + r + GAP, 0);
      const b: SceneBox = {
        id: physicalId(g.id),
        x: x + PAD + col * (GUEST_W + GAP),
        y: top,
        w: GUEST_W,
        h: boxHeight(lines.length),
        title: cut(g.name, 26),
        lines,
      };
      rows[row] = Math.max(rows[row] ?? 0, b.h);
      placed.push({ b, row });
      boxes.push(b);
    });
    // The boxes of a row share the height of its tallest.
    for (const { b, row } of placed) b.h = rows[row]!;
    const w = 2 * PAD + cols * GUEST_W + (cols - 1) * GAP;
    const h = HEAD + rows.reduce((s, r) => s + r + GAP, 0) - (rows.length ? GAP : 0) + PAD;
    groups.push({
      id: physicalId(node.id),
      x,
      y,
      w,
      h: Math.max(h, HEAD + PAD),
      label: `${cut(node.name, 30)} · ${node.status}`,
      depth: 0,
    });
    x += w + COL_GAP * 2;
    width = Math.max(width, x - COL_GAP * 2);
    rowH = Math.max(rowH, h);
  });
  const byId = new Map<string, Rect>([...boxes, ...groups].map((r) => [r.id, r]));
  const edges: SceneEdge[] = [];
  view.ghosts.forEach((gh, i) => {
    const a = byId.get(physicalId(gh.guestId));
    const b = byId.get(physicalId(gh.to));
    if (!a || !b) return;
    const c = curve(a, { ...b, h: HEAD });
    edges.push({
      id: `ghost${i}`,
      from: physicalId(gh.guestId),
      to: physicalId(gh.to),
      ...c,
      label: cut(`plan: ${gh.planTitle}`, 60),
      flows: [],
      ghost: true,
    });
  });
  return { width, height: y + rowH, groups, boxes, edges };
}

/** The smallest type the picture uses, for the fit: a scale that keeps it at 12 px or more is readable. */
export const SMALLEST_FONT = Math.min(FONT.text, FONT.edge, FONT.group);
