/**
 * A small SVG line of ratios (0..1): the fleet table's last hour, without a chart library. A gap
 * in the data is a gap in the line (never a straight line across it); a lone sample is a dot.
 */
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
  const runs: Array<Array<[number, number]>> = [];
  const n = values.length;
  let run: Array<[number, number]> = [];
  values.forEach((v, i) => {
    if (v == null) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    const x = n > 1 ? (i / (n - 1)) * (width - 2) + 1 : width / 2;
    const y = height - 1 - Math.min(1, Math.max(0, v)) * (height - 2);
    run.push([x, y]);
  });
  if (run.length) runs.push(run);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {runs.map((r) =>
        r.length > 1 ? (
          <polyline
            key={r[0]![0]}
            points={r.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}
            fill="none"
            strokeWidth="1.5"
          />
        ) : (
          <circle key={r[0]![0]} cx={r[0]![0]} cy={r[0]![1]} r="1.5" />
        ),
      )}
    </svg>
  );
}
