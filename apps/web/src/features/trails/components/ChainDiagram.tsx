import type { TrailEvent } from '@ralf/shared';
import { useMemo } from 'react';
import { useT } from '../../../i18n/i18n';
import { FONT, LINE } from '../../architecture/scene';
import { chainScene } from './chain-diagram';

/**
 * The causal chain drawn as SVG (issue 22): laid out in the browser, so it stands in the same
 * frame as the page. Titles are text nodes, shown as the agents wrote them.
 */
export default function ChainDiagram({ chain }: { chain: readonly TrailEvent[] }) {
  const t = useT();
  const scene = useMemo(() => chainScene(chain, { gap: t('trail.gapShort') }), [chain, t]);
  return (
    <div className="diagram chain-diagram" data-testid="trail-diagram" role="img" aria-label={t('trail.diagram')}>
      <svg viewBox={`0 0 ${scene.width} ${scene.height}`} width={scene.width} height={scene.height}>
        <defs>
          <marker id="chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
        </defs>
        {scene.links.map((l) => (
          <path key={l.id} d={l.d} className={`chain-link ${l.kind}`} data-link={l.kind} />
        ))}
        {scene.boxes.map((b) => (
          <g key={b.id} className={`chain-box k-${b.kind}`} data-event={b.id} data-kind={b.kind}>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={8} />
            <text className="chain-kind" x={b.x + 10} y={b.y + 8 + LINE.title - 4} fontSize={FONT.text}>
              {b.kind === 'gap' ? '…' : t(`trail.kind.${b.kind}`)}
            </text>
            {[...b.lines, ...b.notChosen].map((line, i) => (
              <text
                key={i}
                className={i >= b.lines.length ? 'not-chosen' : undefined}
                x={b.x + 10}
                y={b.y + 8 + LINE.title + (i + 1) * LINE.text - 4}
                fontSize={FONT.text}
              >
                {line}
              </text>
            ))}
          </g>
        ))}
      </svg>
    </div>
  );
}
