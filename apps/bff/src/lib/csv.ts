/**
 * One CSV cell: quoted where needed, and a leading = + - @ (or tab, carriage return) defused
 * with a quote mark, so a spreadsheet never runs a formula someone typed into a field.
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
