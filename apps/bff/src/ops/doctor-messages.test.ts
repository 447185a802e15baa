import { messageArgs } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { dm, doctorTemplates, doctorText } from './doctor-messages';

describe("the doctor's sentences", () => {
  it('use the same arguments in German and English', () => {
    for (const [code, t] of doctorTemplates()) expect(messageArgs(t.de).sort(), code).toEqual(messageArgs(t.en).sort());
  });

  it('are said in the reader language, a nested problem too', () => {
    const m = dm('doctor.at', { url: 'http://x', reason: dm('doctor.httpStatus', { status: 404 }) });
    expect(doctorText('en', m)).toBe('http://x: HTTP 404');
    expect(doctorText('de', dm('doctor.failed', { n: 2, checks: 'oidc, n8n' }))).toBe(
      '2 nötige Prüfungen fehlgeschlagen: oidc, n8n',
    );
  });
});
