import {
  forwardRef,
  type ReactNode,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
} from 'react';
import { fitView, zoomAt, type View } from './pan-zoom';

export interface CanvasHandle {
  fit(): void;
  zoom(factor: number): void;
  svg(): SVGSVGElement | null;
}

interface Props {
  /** The picture's size in its own units: a new size keeps the viewer's zoom and position, fits an untouched one. */
  width: number;
  height: number;
  /** The painted picture (an <svg> of that size). */
  children: ReactNode;
  onSelect: (box: string) => void;
  label: string;
}

/** A picture with zoom (wheel, pinch, buttons), pan (drag) and fit; opens fitted. */
export const DiagramCanvas = forwardRef<CanvasHandle, Props>(function DiagramCanvas(
  { width, height, children, onSelect, label },
  ref,
) {
  const viewport = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const view = useRef<View | null>(null);
  const size = useRef({ width: 0, height: 0 });
  /** Whether the viewer has zoomed or moved: until then the picture stays fitted as the viewport changes. */
  const touched = useRef(false);

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

  // Painted: the first picture opens fitted; a changed one keeps where the viewer was.
  useLayoutEffect(() => {
    size.current = { width, height };
    if (!view.current || !touched.current) fit();
    else apply();
  }, [width, height, fit, apply]);

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
      data-drawing="false"
      role="region"
      aria-label={label}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={(e) => pointers.current.delete(e.pointerId)}
      onKeyDown={onKeyDown}
    >
      <div className="arch-content" ref={content}>
        {children}
      </div>
    </div>
  );
});
