/**
 * One CSV cell: quoted where needed, and a leading = + - @ (or tab, carriage return) defused
 * with a quote mark, so a spreadsheet never runs a formula someone typed into a field.
 */
export function csvCell(v: unknown): string {
  let s = cellText(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? '';
}
