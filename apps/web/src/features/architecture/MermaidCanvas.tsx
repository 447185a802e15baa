import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { useTheme } from '../../stores/theme';
import { indexDiagram, type DiagramIndex } from './diagram-dom';
import { fitView, zoomAt, type View } from './pan-zoom';

// Mermaid itself would fetch its flowchart and ELK chunks one after the other once it reads the
// text; asking for them with mermaid loads all three at once (the glob finds them whatever their hash).
const MERMAID_CHUNKS = import.meta.glob(
  '../../../node_modules/mermaid/dist/chunks/mermaid.core/{elk,flowDiagram}-*.mjs',
);
let mermaidLoading: Promise<typeof import('mermaid').default> | null = null;
function loadMermaid() {
  if (!mermaidLoading) {
    for (const load of Object.values(MERMAID_CHUNKS)) void load().catch(() => {});
    mermaidLoading = import('mermaid').then((m) => m.default);
  }
  return mermaidLoading;
}

/**
 * Drawn pictures by their text and theme: the layout of the same text is the same, and ELK's
 * first layout in a browser costs seconds. A browser that has drawn a picture shows it again at
 * once, without loading mermaid; a new text (another graph, a new guest) is drawn afresh.
 */
const CACHE_PREFIX = 'ralf.arch.svg:';
const cacheKey = (text: string, theme: string) => {
  let h = 2166136261;
  // Mermaid's own chunk names carry its build's hash: another mermaid draws afresh.
  const s = `${Object.keys(MERMAID_CHUNKS).join()}\n${theme}\n${text}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return `${CACHE_PREFIX}${(h >>> 0).toString(36)}:${s.length}`;
};
const CACHE_KEEP = 4;
function remember(key: string, svg: string) {
  try {
    // The newest few pictures (the two views, both themes); older ones go.
    const order = (JSON.parse(localStorage.getItem(`${CACHE_PREFIX}order`) ?? '[]') as string[]).filter(
      (k) => k !== key,
    );
    for (const k of order.splice(CACHE_KEEP - 1)) localStorage.removeItem(k);
    if (svg.length < 2_000_000) {
      localStorage.setItem(key, svg);
      order.unshift(key);
    }
    localStorage.setItem(`${CACHE_PREFIX}order`, JSON.stringify(order));
  } catch {
    // Storage full or off: the picture is drawn each time, which is only slower.
  }
}

export interface CanvasHandle {
  fit(): void;
  zoom(factor: number): void;
  svg(): SVGSVGElement | null;
}

interface Props {
  /** Mermaid text; a new text draws again, keeping the viewer's zoom and position. */
  text: string;
  /** Called after each drawing with the picture's boxes and edges. */
  onDrawn: (index: DiagramIndex) => void;
  onFailed: (message: string) => void;
  onSelect: (box: string) => void;
  label: string;
}

// A browser that has never drawn here needs mermaid: it starts loading with this page's code,
// beside the page's data, instead of after it.
if (!globalThis.localStorage?.getItem(`${CACHE_PREFIX}order`)) void loadMermaid().catch(() => {});

let renders = 0;

/** A mermaid picture with zoom (wheel, pinch, buttons), pan (drag) and fit; opens fitted. */
export const MermaidCanvas = forwardRef<CanvasHandle, Props>(function MermaidCanvas(
  { text, onDrawn, onFailed, onSelect, label },
  ref,
) {
  const t = useT();
  const theme = useTheme((s) => s.theme);
  const viewport = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const view = useRef<View | null>(null);
  const size = useRef({ width: 0, height: 0 });
  const [drawing, setDrawing] = useState(true);
  /** Whether the viewer has zoomed or moved: until then the picture stays fitted as the viewport changes. */
  const touched = useRef(false);
  // The page's latest callbacks: a drawing reports to them without drawing again when they change.
  const report = useRef({ onDrawn, onFailed });
  useEffect(() => {
    report.current = { onDrawn, onFailed };
  });

  const apply = useCallback(() => {
    const v = view.current;
    if (v && content.current) content.current.style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.k})`;
  }, []);
  const fit = useCallback(() => {
    const vp = viewport.current;
    if (!vp) return;
    view.current = fitView(size.current, { width: vp.clientWidth, height: vp.clientHeight });
    touched.current = false;
    apply();
  }, [apply]);
  const zoom = useCallback(
    (factor: number, px?: number, py?: number) => {
      const vp = viewport.current;
      if (!vp || !view.current) return;
      view.current = zoomAt(view.current, factor, px ?? vp.clientWidth / 2, py ?? vp.clientHeight / 2);
      touched.current = true;
      apply();
    },
    [apply],
  );
  useImperativeHandle(
    ref,
    () => ({ fit, zoom: (f) => zoom(f), svg: () => content.current?.querySelector('svg') ?? null }),
    [fit, zoom],
  );

  useEffect(() => {
    let cancelled = false;
    setDrawing(true);
    void (async () => {
      try {
        performance.mark('arch:text');
        const key = cacheKey(text, theme);
        let svg = globalThis.localStorage?.getItem(key) ?? null;
        if (!svg) {
          const mermaid = await loadMermaid();
          performance.mark('arch:mermaid');
          mermaid.initialize({
            startOnLoad: false,
            securityLevel: 'strict',
            theme: theme === 'dark' ? 'dark' : 'neutral',
            htmlLabels: false,
            flowchart: { htmlLabels: false, useMaxWidth: false, wrappingWidth: 220 },
          });
          svg = (await mermaid.render(`arch${Date.now().toString(36)}${++renders}`, text)).svg;
          remember(key, svg);
        }
        performance.mark('arch:laid-out');
        if (cancelled || !content.current) return;
        content.current.innerHTML = svg;
        const el = content.current.querySelector('svg')!;
        const vb = el.viewBox.baseVal;
        size.current = { width: vb.width || el.clientWidth, height: vb.height || el.clientHeight };
        el.setAttribute('width', String(size.current.width));
        el.setAttribute('height', String(size.current.height));
        el.style.maxWidth = 'none';
        // The first drawing opens fitted; later ones keep where the viewer was.
        if (!view.current) fit();
        else apply();
        setDrawing(false);
        report.current.onDrawn(indexDiagram(el));
      } catch (err) {
        if (!cancelled) {
          setDrawing(false);
          report.current.onFailed((err as Error).message);
        }
      }
    })();
    return () => {
      cancelled = true;
    };
    // A new text or theme draws again, nothing else (fit and apply are stable).
  }, [text, theme, fit, apply]);

  // A panel opening or the window turning keeps an untouched picture fitted.
  useEffect(() => {
    const vp = viewport.current;
    if (!vp || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (!touched.current && size.current.width) fit();
    });
    ro.observe(vp);
    return () => ro.disconnect();
  }, [fit]);

  // Wheel zooms at the pointer (not passive, so the page does not scroll instead).
  useEffect(() => {
    const vp = viewport.current;
    if (!vp) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = vp.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    vp.addEventListener('wheel', onWheel, { passive: false });
    return () => vp.removeEventListener('wheel', onWheel);
  }, [zoom]);

  // Drag pans; two fingers pinch; a press that did not move is a click on the box under it.
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const moved = useRef(0);
  const onPointerDown = (e: React.PointerEvent) => {
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    moved.current = 0;
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const prev = pointers.current.get(e.pointerId);
    if (!prev || !view.current) return;
    const vp = viewport.current!;
    if (pointers.current.size === 1) {
      const dx = e.clientX - prev.x;
      const dy = e.clientY - prev.y;
      moved.current += Math.abs(dx) + Math.abs(dy);
      if (moved.current > 4) {
        if (!vp.hasPointerCapture(e.pointerId)) vp.setPointerCapture(e.pointerId);
        view.current = { ...view.current, x: view.current.x + dx, y: view.current.y + dy };
        touched.current = true;
        apply();
      }
    } else if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.entries()].map(([id, p]) =>
        id === e.pointerId ? { x: e.clientX, y: e.clientY } : p,
      );
      const [pa, pb] = [...pointers.current.values()];
      const before = Math.hypot(pa!.x - pb!.x, pa!.y - pb!.y);
      const after = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      const r = vp.getBoundingClientRect();
      if (before > 0) zoom(after / before, (a!.x + b!.x) / 2 - r.left, (a!.y + b!.y) / 2 - r.top);
      moved.current += 10;
    }
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
  };
  const onPointerUp = (e: React.PointerEvent) => {
    pointers.current.delete(e.pointerId);
    if (moved.current > 4) return;
    const box = (e.target as Element).closest<SVGGElement>('g.node[data-box]');
    if (box) onSelect(box.dataset.box!);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const box = (e.target as Element).closest<SVGGElement>('g.node[data-box]');
    if (box && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onSelect(box.dataset.box!);
    }
  };

  return (
    <div
      className="arch-viewport"
      ref={viewport}
      data-testid="arch-canvas"
      data-drawing={drawing}
      role="region"
      aria-label={label}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={(e) => pointers.current.delete(e.pointerId)}
      onKeyDown={onKeyDown}
    >
      {drawing && <p className="muted arch-drawing">{t('arch.drawing')}</p>}
      <div className="arch-content" ref={content} />
    </div>
  );
});
