/** A template's tile: its initials on a colour of its own, the same on every page. */
export function TemplateIcon({ id, name, size = 40 }: { id: string; name: string; size?: number }) {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  const initials = name
    .split(/\s+|-/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <span
      className="template-icon"
      style={{ width: size, height: size, background: `hsl(${h} 60% 28%)`, fontSize: size * 0.4 }}
      aria-hidden="true"
    >
      {initials}
    </span>
  );
}
