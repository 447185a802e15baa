import type { ArchFlow } from '@ralf/shared';

/**
 * A picture laid out once and painted by the browser as plain SVG (issue 22): boxes in frames
 * (groups), edges as curves between box sides. Status, flows, hover and selection are classes on
 * the painted elements, so re-colouring never lays out again and keeps zoom and position.
 */
export interface SceneBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The first line, bold; then the text lines (already wrapped). */
  title: string;
  lines: string[];
  /** Drawn dashed: a box outside the lab (a new host, a backup server). */
  external?: boolean;
}

export interface SceneGroup {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  /** Frames inside frames are drawn lighter. */
  depth: number;
}

export interface SceneEdge {
  id: string;
  from: string;
  to: string;
  /** The SVG path of the curve. */
  d: string;
  label: string;
  /** Where the label stands (the curve's middle). */
  lx: number;
  ly: number;
  flows: ArchFlow[];
  /** A pending migration (physical view): dashed, always shown. */
  ghost?: boolean;
}

export interface Scene {
  width: number;
  height: number;
  groups: SceneGroup[];
  boxes: SceneBox[];
  edges: SceneEdge[];
}

/** Type sizes in picture units: at the fitted scale on a 1440 × 900 screen none is under 12 px. */
export const FONT = { title: 15, text: 13, group: 14, edge: 13 } as const;
export const LINE = { title: 19, text: 17 } as const;
/** Average advance of a character at 13 px in the UI's sans serif, generous so wrapped text fits. */
const CHAR = 7.2;

/** Words wrapped into lines no wider than `width` px at 13 px, at most `max` lines (the last ends with …). */
export function wrap(text: string, width: number, max = 3): string[] {
  const per = Math.max(8, Math.floor(width / CHAR));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= per) line = next;
    else {
      if (line) lines.push(line);
      line = word.length > per ? `${word.slice(0, per - 1)}…` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > max) {
    const kept = lines.slice(0, max);
    kept[max - 1] = `${kept[max - 1]!.slice(0, per - 1)}…`;
    return kept;
  }
  return lines;
}

/** Text cut to `n` characters, with … where it was cut. */
export const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A box's height for its lines. */
export const boxHeight = (lines: number) => 14 + LINE.title + lines * LINE.text + 6;

/**
 * A curve from one box to another: out of the side facing the other, in with a horizontal
 * tangent; boxes in one column are joined by an arc on their right. The label sits at its middle.
 */
export function curve(a: Rect, b: Rect): { d: string; lx: number; ly: number } {
  const ay = a.y + a.h / 2;
  const by = b.y + b.h / 2;
  if (Math.abs(a.x - b.x) < 1) {
    const x = a.x + a.w;
    const bulge = 36 + Math.min(80, Math.abs(ay - by) / 4);
    return {
      d: `M${x},${ay} C${x + bulge},${ay} ${x + bulge},${by} ${x},${by}`,
      lx: x + bulge * 0.75,
      ly: (ay + by) / 2,
    };
  }
  const rightward = b.x > a.x;
  const p = { x: rightward ? a.x + a.w : a.x, y: ay };
  const q = { x: rightward ? b.x : b.x + b.w, y: by };
  const dx = Math.max(40, Math.abs(q.x - p.x) / 2) * (rightward ? 1 : -1);
  return {
    d: `M${p.x},${p.y} C${p.x + dx},${p.y} ${q.x - dx},${q.y} ${q.x},${q.y}`,
    lx: (p.x + q.x) / 2,
    ly: (p.y + q.y) / 2,
  };
}

/** The rectangle a box or frame occupies. */
export type Rect = { x: number; y: number; w: number; h: number };
