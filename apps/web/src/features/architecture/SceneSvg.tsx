import { ARCH_FLOWS, type ArchFlow, type HealthState } from '@ralf/shared';
import { memo, useState } from 'react';
import { FONT, LINE, type Scene, type SceneBox, type SceneEdge } from './scene';

const FLOW_COLOR = new Map<string, string>(ARCH_FLOWS.map((f) => [f.id, f.color]));
/** More edges than this at one box: their labels would cover each other; the panel lists them. */
const LABELLED_MAX = 8;

interface Props {
  scene: Scene;
  status: Record<string, { state: HealthState; text: string }>;
  /** Flows whose edges are drawn (the rest fade); none: the picture at rest, with bundles. */
  layers: readonly ArchFlow[];
  selected: string | null;
}

/**
 * The laid-out picture painted as SVG: frames, each edge of a chosen flow or of
 * the box pointed at or selected (with its label over a halo, so no line crosses its words),
 * boxes in their state's colours. Names are text nodes: whatever they hold is shown as written.
 */
export function SceneSvg({ scene, status, layers, selected }: Props) {
  const [hover, setHover] = useState<string | null>(null);
  const focus = new Set([hover, selected].filter((x): x is string => x !== null));
  const edges = scene.edges.map((e) => {
    const layer = layers.find((l) => e.flows.includes(l));
    const near = focus.has(e.from) || focus.has(e.to);
    const lit = e.ghost || Boolean(layer) || near;
    return { e, lit, near, layer, faded: !lit && (layers.length > 0 || focus.size > 0) };
  });
  // Words on the canvas only for the box pointed at (and ghosts): a flow's many labels would pile
  // up over each other; each edge says its words on hover, and the box's panel lists them all.
  const near = edges.filter((x) => x.near);
  const labelled = placeLabels(
    edges.filter((x) => x.e.label && (x.e.ghost || (x.near && near.length <= LABELLED_MAX))).map((x) => x.e),
  );
  return (
    <svg
      id="arch-svg"
      viewBox={`0 0 ${scene.width} ${scene.height}`}
      width={scene.width}
      height={scene.height}
      onPointerOver={(ev) => setHover((ev.target as Element).closest<SVGGElement>('g.node')?.dataset.box ?? null)}
      onPointerLeave={() => setHover(null)}
    >
      <defs>
        <marker id="arch-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" />
        </marker>
      </defs>
      <Frames scene={scene} />
      <g className="edges">
        {edges.map(({ e, lit, layer, faded }) => (
          <path
            key={e.id}
            d={e.d}
            data-id={e.id}
            data-edge={`${e.from}>${e.to}`}
            data-flows={e.flows.join(' ')}
            className={`edge${e.ghost ? ' ghost' : ''}${lit && !e.ghost ? ' lit' : ''}${faded ? ' faded' : ''}`}
            style={layer ? { ['--flow' as string]: FLOW_COLOR.get(layer) } : undefined}
          >
            <title>{e.label}</title>
          </path>
        ))}
      </g>
      <Boxes boxes={scene.boxes} status={status} selected={selected} />
      <g className="edge-labels">
        {labelled.map((l) => (
          <text key={l.id} className="edge-label" x={l.x} y={l.y} textAnchor="middle" fontSize={FONT.edge}>
            {l.label}
          </text>
        ))}
      </g>
    </svg>
  );
}

const Frames = memo(function Frames({ scene }: { scene: Scene }) {
  return (
    <g className="frames">
      {scene.groups.map((g) => (
        <g key={g.id} className={`frame depth-${g.depth}`} data-group={g.id}>
          <rect x={g.x} y={g.y} width={g.w} height={g.h} rx={10} />
          <text x={g.x + 12} y={g.y + 20} fontSize={FONT.group}>
            {g.label}
          </text>
        </g>
      ))}
    </g>
  );
});

function Boxes({
  boxes,
  status,
  selected,
}: {
  boxes: readonly SceneBox[];
  status: Props['status'];
  selected: string | null;
}) {
  return (
    <g className="nodes">
      {boxes.map((b) => {
        const s = status[b.id];
        const state = s?.state ?? 'unknown';
        return (
          <g
            key={b.id}
            className={`node st-${state}${b.external ? ' external' : ''}${b.id === selected ? ' selected' : ''}`}
            data-box={b.id}
            data-state={state}
            tabIndex={0}
            role="button"
            aria-label={s?.text ?? b.title}
          >
            <title>{s?.text ?? b.title}</title>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={8} />
            <text className="box-title" x={b.x + 10} y={b.y + 8 + LINE.title - 4} fontSize={FONT.title}>
              {b.title}
            </text>
            {b.lines.map((line, i) => (
              <text key={i} x={b.x + 10} y={b.y + 8 + LINE.title + (i + 1) * LINE.text - 4} fontSize={FONT.text}>
                {line}
              </text>
            ))}
          </g>
        );
      })}
    </g>
  );
}

/** Average advance of a character of an edge label, for telling whether two labels would overlap. */
const LABEL_CHAR = 7;

/**
 * Labels at their edges' middles, each moved down a line while it would overlap one placed
 * before: words over each other cannot be read.
 */
export function placeLabels(edges: readonly Pick<SceneEdge, 'id' | 'label' | 'lx' | 'ly'>[]) {
  const placed: { id: string; label: string; x: number; y: number; w: number }[] = [];
  const line = FONT.edge + 5;
  for (const e of [...edges].sort((a, b) => a.ly - b.ly || a.lx - b.lx)) {
    const w = e.label.length * LABEL_CHAR;
    let y = e.ly;
    while (placed.some((p) => Math.abs(p.y - y) < line && Math.abs(p.x - e.lx) < (p.w + w) / 2)) y += line;
    placed.push({ id: e.id, label: e.label, x: e.lx, y, w });
  }
  return placed;
}
