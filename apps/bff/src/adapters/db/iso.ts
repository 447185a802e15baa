/** Timestamps come back as Date (node-postgres, PGlite) and leave as ISO strings (wire shapes). */
export function iso(d: Date | string): string;
export function iso(d: Date | string | null): string | null;
export function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}
