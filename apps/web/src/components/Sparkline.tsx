/** A small SVG line of ratios (0..1): the fleet table's last hour, without a chart library. */
export function Sparkline({
  values,
  label,
  width = 80,
  height = 22,
}: {
  values: (number | null)[];
  label: string;
  width?: number;
  height?: number;
}) {
  const pts: string[] = [];
  const n = values.length;
  values.forEach((v, i) => {
    if (v == null) return;
    const x = n > 1 ? (i / (n - 1)) * (width - 2) + 1 : width / 2;
    const y = height - 1 - Math.min(1, Math.max(0, v)) * (height - 2);
    pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  });
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {pts.length > 1 && <polyline points={pts.join(' ')} fill="none" strokeWidth="1.5" />}
    </svg>
  );
}
