import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  illFormedProblem,
  msg,
  problem,
  problemsOf,
  problemText,
  TemplateSchema,
  type MessageCode,
  type MessageParams,
  type Problem,
  type Template,
} from '@ralf/shared';
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
export function settingsProblems(t: Template, settings: Record<string, string | number | boolean>): Problem[] {
  const out: Problem[] = [];
  const at = (key: string, code: MessageCode, params: MessageParams = {}) =>
    out.push(problem(`params.settings.${key}`, msg(code, params)));
  for (const key of Object.keys(settings)) if (!t.settings[key]) at(key, 'setting.unknown', { template: t.name });
  for (const [key, s] of Object.entries(t.settings)) {
    const v = settings[key];
    if (v === undefined) continue;
    if (s.type === 'boolean' && typeof v !== 'boolean') at(key, 'setting.boolean');
    else if (
      (s.type === 'integer' || s.type === 'number') &&
      (typeof v !== 'number' || (s.type === 'integer' && !Number.isInteger(v)))
    )
      at(key, s.type === 'integer' ? 'input.wholeNumber' : 'input.type', { expected: 'number' });
    else if (s.type === 'string' && typeof v !== 'string') at(key, 'input.type', { expected: 'string' });
    else if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) at(key, 'input.atLeast', { min: s.minimum });
      if (s.maximum !== undefined && v > s.maximum) at(key, 'input.atMost', { max: s.maximum });
    } else if (typeof v === 'string') {
      if (s.maxLength !== undefined && v.length > s.maxLength) at(key, 'input.maxChars', { max: s.maxLength });
      if (s.enum && !s.enum.includes(v)) at(key, 'input.oneOf', { values: s.enum.join(', ') });
      if (s.pattern && !new RegExp(s.pattern).test(v)) at(key, 'setting.pattern', { pattern: s.pattern });
    }
  }
  return out;
}

/** The settings as the audit trail and the deployment page show them: secrets masked. */
export function maskSecrets(t: Template | undefined, settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, t?.settings[k]?.secret ? '••••' : v]));
}
