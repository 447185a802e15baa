import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { formatBytes, formatDuration, formatMessage, messageArgs, parseMessage, readerLanguage } from './format';
import { messageText, msg } from './messages';

const guests = '{n, plural, one {# guest} other {# guests}}';
const gaeste = '{n, plural, one {# Gast} other {# Gäste}}';

describe('messages in the reader’s language (issue 18)', () => {
  it('chooses plurals by each language’s rules: 0, 1, 2, 5 and 21', () => {
    const counts = [0, 1, 2, 5, 21];
    expect(counts.map((n) => formatMessage('en', guests, { n }))).toEqual([
      '0 guests',
      '1 guest',
      '2 guests',
      '5 guests',
      '21 guests',
    ]);
    expect(counts.map((n) => formatMessage('de', gaeste, { n }))).toEqual([
      '0 Gäste',
      '1 Gast',
      '2 Gäste',
      '5 Gäste',
      '21 Gäste',
    ]);
    expect(formatMessage('en', '{n, plural, =0 {none} one {one} other {#}}', { n: 0 })).toBe('none');
    expect(formatMessage('de', '{n, plural, one {# Kern} other {# Kerne}}', { n: 1234 })).toBe('1.234 Kerne');
  });

  it('takes the reader’s chosen language, else their browser’s first one, else English', () => {
    expect(readerLanguage('de', 'en-US')).toBe('de');
    expect(readerLanguage(null, 'de-AT,de;q=0.9,en;q=0.5')).toBe('de');
    expect(readerLanguage('fr', ' de-CH')).toBe('de');
    expect(readerLanguage(undefined, 'en-US,de;q=0.8')).toBe('en');
    expect(readerLanguage(null, 'fr-FR')).toBe('en');
    expect(readerLanguage(null, undefined)).toBe('en');
  });

  it('writes sizes in binary units with each language’s decimal mark', () => {
    expect(formatBytes('en', 41 * 1024 ** 3)).toBe('41 GiB');
    expect(formatBytes('de', 1.5 * 1024 ** 4)).toBe('1,5 TiB');
    expect(formatBytes('en', 512 * 1024 ** 2)).toBe('512 MiB');
    expect(formatMessage('en', '{m, mib}', { m: 3072 })).toBe('3 GiB');
    expect(formatMessage('de', 'mindestens {m, mib}', { m: 128 })).toBe('mindestens 128 MiB');
  });

  it('says durations in words, the two largest units', () => {
    expect(formatDuration('en', 300)).toBe('5 minutes');
    expect(formatDuration('en', 60)).toBe('1 minute');
    expect(formatDuration('de', 5400)).toBe('1 Stunde 30 Minuten');
    expect(formatDuration('de', 2 * 86_400 + 4 * 3600 + 59)).toBe('2 Tage 4 Stunden');
    expect(formatDuration('en', 0)).toBe('0 seconds');
  });

  it('says a message with its parameters, nested messages and lists in both languages', () => {
    const m = msg('preflight.memoryShort', { need: 262_144, most: 41 * 1024 ** 3, node: 'pve1' });
    expect(messageText('en', m)).toBe(
      'needs 256 GiB memory and a tenth of the node free; the most any node has free is 41 GiB (pve1)',
    );
    expect(messageText('de', m)).toBe(
      'braucht 256 GiB Arbeitsspeicher und ein Zehntel des Knotens frei; am meisten frei hat pve1 mit 41 GiB',
    );
    const nested = msg('planlog.approvalRefused', { actor: 'alice', reason: msg('problem.noGuest', { id: 'qemu/9' }) });
    expect(messageText('de', nested)).toBe('Genehmigung durch alice abgewiesen: kein Gast qemu/9');
    expect(messageText('en', msg('blocker.policy', { policies: ['a', 'b', 'c'] }))).toContain('(a, b and c)');
    expect(messageText('de', msg('blocker.policy', { policies: ['a', 'b'] }))).toContain('(a und b)');
    expect(messageText('de', { code: 'no.such-code', params: { x: 1 } })).toBe('no.such-code {"x":1}');
  });

  it('has every code in both languages, each parsing, with the same parameters', () => {
    for (const [code, texts] of Object.entries(CATALOG)) {
      expect(() => parseMessage(texts.en), code).not.toThrow();
      expect(() => parseMessage(texts.de), code).not.toThrow();
      expect(messageArgs(texts.de), code).toEqual(messageArgs(texts.en));
      expect(texts.de.trim(), code).not.toBe('');
    }
  });

  it('refuses a malformed template instead of showing it half', () => {
    expect(() => parseMessage('{n, plural, one {x}}')).toThrow(/other/);
    expect(() => parseMessage('{n, bogus}')).toThrow(/unknown format/);
    expect(() => parseMessage('a {b')).toThrow();
  });
});
