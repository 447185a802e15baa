import { describe, expect, it } from 'vitest';
import { formatTag } from './format';

describe('dates and numbers in the reader’s own format', () => {
  it('follows the browser’s region for the chosen language', () => {
    expect(formatTag('en', ['en-US', 'de-DE'])).toBe('en-US');
    expect(
      new Intl.DateTimeFormat(formatTag('en', ['en-US']), {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        timeZone: 'UTC',
      }).format(new Date('2026-11-30T12:00:00Z')),
    ).toBe('11/30/2026');
    expect(formatTag('de', ['de-AT', 'en-US'])).toBe('de-AT');
  });
  it('falls back to a default where the browser names no region of that language', () => {
    expect(formatTag('de', ['en-US'])).toBe('de-DE');
    expect(formatTag('en', ['en'])).toBe('en-GB');
    expect(formatTag('en', [])).toBe('en-GB');
  });
});
