import { problemsOf } from './errors';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './constants';
import { clip, codePoints, illFormedPath, isWellFormedText, text, wellFormed } from './text';

describe('well-formed text', () => {
  it('refuses a NUL and lone surrogates, and takes pairs, emoji and any script', () => {
    for (const s of ['', 'Küchen-Pi', '🦊', 'Ǆ 你好 \u{1F600}', 'a\uD83D\uDE00b'])
      expect(isWellFormedText(s), s).toBe(true);
    for (const s of ['\0', 'a\0b', '\uD800', 'x\uDC00', '\uDE00\uD83D', `${'a'.repeat(63)}\uD83D`])
      expect(isWellFormedText(s), JSON.stringify(s)).toBe(false);
  });

  it('counts and cuts in code points, so a cut never splits an emoji', () => {
    expect(codePoints(`${'a'.repeat(63)}🦊`)).toBe(64);
    expect(clip(`${'a'.repeat(63)}🦊x`, 64)).toBe(`${'a'.repeat(63)}🦊`);
    expect(isWellFormedText(clip('🦊🦊🦊', 2))).toBe(true);
  });

  it('gives what PostgreSQL would keep: U+FFFD for each NUL and lone surrogate', () => {
    expect(wellFormed('a\0b\uD800c')).toBe('a\uFFFDb\uFFFDc');
    expect(wellFormed('🦊')).toBe('🦊');
  });

  it('validates with lengths in code points and a message a person can read', () => {
    const name = text({ min: 1, max: 64 });
    expect(name.safeParse(`${'a'.repeat(63)}🦊`).success).toBe(true);
    expect(problemsOf(name.safeParse('a'.repeat(65)).error!)[0]?.message).toBe('at most 64 characters');
    expect(problemsOf(name.safeParse('a\uD800').error!)[0]?.message).toBe(
      'contains a NUL character or a broken UTF-16 surrogate',
    );
    expect(problemsOf(text({ trim: true, min: 1 }).safeParse('   ').error!)[0]?.message).toBe('required');
  });

  it('finds the first ill-formed string in free-form JSON, keys included', () => {
    expect(illFormedPath({ a: [1, 'ok', { b: 'x\0' }] })).toEqual(['a', 2, 'b']);
    expect(illFormedPath({ ['k\uD800']: 1 })).toEqual(['k\uD800']);
    expect(illFormedPath({ a: ['fine', 2, null] })).toBeNull();
  });
});

describe('the return path after sign-in', () => {
  it('keeps paths of this app', () => {
    expect(safeReturnPath('/fleet?node=pve1#top')).toBe('/fleet?node=pve1#top');
    expect(safeReturnPath('/plans/123')).toBe('/plans/123');
  });

  it('refuses anything a browser would take to another site', () => {
    for (const next of [
      '/\t/evil.example',
      '/\n/evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example',
      '/\u0000/x',
      'javascript:alert(1)',
      null,
      42,
    ]) {
      expect(safeReturnPath(next), JSON.stringify(next)).toBe('/');
    }
  });
});
