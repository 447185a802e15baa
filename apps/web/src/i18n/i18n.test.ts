import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';
import { messageArgs, parseMessage } from '@ralf/shared';
import { translate } from './i18n';
import { PALETTE_TEXT } from '../features/palette/palette-text';
import { SILENCE_TEXT } from '../features/overview/SilenceForm';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.includes('.test.')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('i18n', () => {
  it('has every English string in German and no German string without an English one', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(de)) expect(v, k).not.toBe('');
  });

  it('knows every literal key the pages use', () => {
    const used = new Set<string>();
    for (const file of sources(join(import.meta.dirname, '..'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9.-]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('keeps the same placeholders in both languages, each label a template the formatter reads', () => {
    for (const k of Object.keys(en) as Array<keyof typeof en>) {
      expect(() => parseMessage(en[k]), k).not.toThrow();
      expect(messageArgs(de[k]), k).toEqual(messageArgs(en[k]));
    }
  });

  it('has the own words of each lazy part (palette, silence form) in both languages with the same placeholders', () => {
    const parts: Record<string, { en: Record<string, string>; de: Record<string, string> }> = {
      palette: PALETTE_TEXT,
      silence: SILENCE_TEXT,
    };
    for (const [part, { en: pen, de: pde }] of Object.entries(parts)) {
      expect(Object.keys(pde).sort(), part).toEqual(Object.keys(pen).sort());
      for (const k of Object.keys(pen)) {
        expect(pde[k], `${part} ${k}`).not.toBe('');
        expect(() => parseMessage(pen[k]!), `${part} ${k}`).not.toThrow();
        expect(messageArgs(pde[k]!), `${part} ${k}`).toEqual(messageArgs(pen[k]!));
      }
    }
  });

  it('fills placeholders', () => {
    expect(translate('de', 'overview.nodesUp', { up: 2, total: 3 })).toBe('2 von 3 online');
    expect(translate('en', 'overview.nodesUp', { up: 2, total: 3 })).toBe('2 of 3 online');
  });
});
