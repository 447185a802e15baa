import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { illFormedProblem, problemsOf, problemText, TemplateSchema, type Template } from '@ralf/shared';
import { parse } from 'yaml';

export interface CatalogLoad {
  templates: { template: Template; source: string }[];
  errors: { file: string; message: string }[];
}

/**
 * Reads every `*.yaml`/`*.yml` of the folders, in order (a later folder's template replaces an
 * earlier one with the same id: the operator's CATALOG_DIR over the built-in catalog). A file
 * that is not valid YAML or not a valid template is reported and the others still load.
 */
export function loadCatalogDirs(dirs: string[]): CatalogLoad {
  const byId = new Map<string, { template: Template; source: string }>();
  const errors: CatalogLoad['errors'] = [];
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort();
    } catch (err) {
      errors.push({ file: dir, message: `cannot read the folder: ${(err as Error).message}` });
      continue;
    }
    for (const f of files) {
      const file = join(dir, f);
      try {
        const doc: unknown = parse(readFileSync(file, 'utf8'));
        const illFormed = illFormedProblem(doc, '(file)');
        if (illFormed) throw new Error(illFormed);
        const parsed = TemplateSchema.safeParse(doc);
        if (!parsed.success) throw new Error(problemText(problemsOf(parsed.error, '(file)'), 50));
        byId.set(parsed.data.id, { template: parsed.data, source: file });
      } catch (err) {
        errors.push({ file, message: (err as Error).message.slice(0, 500) });
      }
    }
  }
  return { templates: [...byId.values()].sort((a, b) => a.template.name.localeCompare(b.template.name)), errors };
}

/** The problems of a template's settings as chosen on the form; none when they fit its schema. */
export function settingsProblems(t: Template, settings: Record<string, string | number | boolean>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(settings)) if (!t.settings[key]) out.push(`${key}: not a setting of ${t.name}`);
  for (const [key, s] of Object.entries(t.settings)) {
    const v = settings[key];
    if (v === undefined) continue;
    const bad = (why: string) => out.push(`${key}: ${why}`);
    if (s.type === 'boolean' && typeof v !== 'boolean') bad('expected true or false');
    else if (
      (s.type === 'integer' || s.type === 'number') &&
      (typeof v !== 'number' || (s.type === 'integer' && !Number.isInteger(v)))
    )
      bad(`expected ${s.type === 'integer' ? 'a whole number' : 'a number'}`);
    else if (s.type === 'string' && typeof v !== 'string') bad('expected text');
    else if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) bad(`at least ${s.minimum}`);
      if (s.maximum !== undefined && v > s.maximum) bad(`at most ${s.maximum}`);
    } else if (typeof v === 'string') {
      if (s.maxLength !== undefined && v.length > s.maxLength) bad(`at most ${s.maxLength} characters`);
      if (s.enum && !s.enum.includes(v)) bad(`one of ${s.enum.join(', ')}`);
      if (s.pattern && !new RegExp(s.pattern).test(v)) bad(`must match ${s.pattern}`);
    }
  }
  return out;
}

/** The settings as the audit trail and the deployment page show them: secrets masked. */
export function maskSecrets(t: Template | undefined, settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, t?.settings[k]?.secret ? '••••' : v]));
}
