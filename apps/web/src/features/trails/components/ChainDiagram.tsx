import type { TrailEvent } from '@ralf/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../../../i18n/i18n';
import { chainDiagram } from './chain-diagram';

/** The chain drawn by mermaid, which is loaded only on this page (its own chunks). */
export default function ChainDiagram({ chain }: { chain: readonly TrailEvent[] }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const id = `chain-${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const { default: mermaid } = await import('mermaid');
        mermaid.initialize({
          startOnLoad: false,
          securityLevel: 'strict',
          theme: 'neutral',
          flowchart: { htmlLabels: false, useMaxWidth: true, wrappingWidth: 320 },
        });
        const { svg } = await mermaid.render(id, chainDiagram(chain));
        if (!cancelled && ref.current) ref.current.innerHTML = svg;
      } catch (err) {
        if (!cancelled) setError((err as Error).message);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [chain, id]);
  if (error)
    return (
      <p className="form-error" role="alert">
        {t('trail.diagramFailed', { message: error })}
      </p>
    );
  return <div className="diagram" ref={ref} data-testid="trail-diagram" aria-label={t('trail.diagram')} role="img" />;
}
