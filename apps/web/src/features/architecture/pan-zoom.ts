/** A view of a picture: its offset in the viewport and its scale. */
export interface View {
  x: number;
  y: number;
  k: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;
const clamp = (k: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, k));

/** The whole picture in the viewport, centred, with a margin; never larger than life. */
export function fitView(
  content: { width: number; height: number },
  viewport: { width: number; height: number },
  margin = 16,
): View {
  if (!content.width || !content.height || !viewport.width || !viewport.height) return { x: 0, y: 0, k: 1 };
  const k = clamp(
    Math.min((viewport.width - 2 * margin) / content.width, (viewport.height - 2 * margin) / content.height, 1),
  );
  return { k, x: (viewport.width - content.width * k) / 2, y: (viewport.height - content.height * k) / 2 };
}

/** Zooms by `factor` keeping the point (px, py) of the viewport where it is. */
export function zoomAt(v: View, factor: number, px: number, py: number): View {
  const k = clamp(v.k * factor);
  const f = k / v.k;
  return { k, x: px - (px - v.x) * f, y: py - (py - v.y) * f };
}
