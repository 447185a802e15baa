import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, resolveVaultRef } from './profile';

const dir = mkdtempSync(join(tmpdir(), 'ralf-profile-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const loop = (extra: string) =>
  `scheduler:\n  - id: main\n    name: Main\n    runtime: n8n\n    template: flows/main.json\n    phases: [collect]\n${extra}`;

describe('a malformed profile is refused at start with the path of the bad key', () => {
  it('names a bad cron, an unknown time zone, a bad timer and a loop id used twice', () => {
    const f = write(
      'bad.yaml',
      `${loop('    triggers:\n      - cron: "61 * * * *"\n        timezone: Europe/Berlin\n      - cron: "0 * * * *"\n        timezone: Mars/Olympus\n      - timer: 15 minutes\n')}  - id: main\n    name: Again\n    runtime: foreman\n    template: t\n    phases: [x]\n    triggers: [{ timer: 60 }]\n`,
    );
    expect(() => loadProfile(f)).toThrow(/scheduler\.0\.triggers\.2\.timer/);
    const g = write(
      'bad2.yaml',
      `${loop('    triggers:\n      - cron: "61 * * * *"\n        timezone: Europe/Berlin\n      - cron: "0 * * * *"\n        timezone: Mars/Olympus\n')}  - id: main\n    name: Again\n    runtime: foreman\n    template: t\n    phases: [x]\n    triggers: [{ timer: 60 }]\n`,
    );
    let message = '';
    try {
      loadProfile(g);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('scheduler.0.triggers.0.cron: ');
    expect(message).toContain('scheduler.0.triggers.1.timezone: unknown time zone Mars/Olympus');
    expect(message).toContain('scheduler.1.id: main is used twice');
  });

  it('refuses a runtime it does not know, a missing phase list, a token written out, and YAML that does not parse', () => {
    expect(() => loadProfile(write('r.yaml', loop('    triggers: [{ timer: 60 }]\n').replace('n8n', 'cron')))).toThrow(
      /scheduler\.0\.runtime: /,
    );
    expect(() =>
      loadProfile(write('p.yaml', loop('    triggers: [{ timer: 60 }]\n').replace('    phases: [collect]\n', ''))),
    ).toThrow(/scheduler\.0\.phases: /);
    expect(() =>
      loadProfile(
        write(
          't.yaml',
          'matrix_webhooks:\n  bots:\n    - { id: ralf-sec, user_id: "@ralf-sec:homelab", room: "!sec:homelab", token: syt_plaintext_token }\n',
        ),
      ),
    ).toThrow(/matrix_webhooks\.bots\.0\.token: a reference such as vault:/);
    expect(() => loadProfile(write('y.yaml', 'scheduler: [\n'))).toThrow(/profile .*y\.yaml: /);
  });

  it("takes an operator's own boxes and edges for the architecture page, and names each bad one", () => {
    const ok = loadProfile(
      write(
        'arch.yaml',
        'architecture:\n  groups: [{ id: MEDIA, label: Media }]\n  nodes:\n    - { id: JELLY, name: Jellyfin, group: MEDIA, health: [{ kind: service, id: service/jellyfin }] }\n  edges:\n    - { from: JELLY, to: PG, label: reads its library }\n',
      ),
    );
    expect(ok.architecture.nodes.at(-1)).toMatchObject({
      id: 'JELLY',
      group: 'MEDIA',
      role: 'core',
      health: [{ kind: 'service', id: 'service/jellyfin' }],
    });
    expect(ok.architecture.edges.at(-1)).toEqual({
      from: 'JELLY',
      to: 'PG',
      label: 'reads its library',
      en: null,
      flow: null,
    });
    let message = '';
    try {
      loadProfile(
        write(
          'arch-bad.yaml',
          'architecture:\n  nodes:\n    - { id: PG, name: Mine }\n    - { id: X, name: X, health: [{ kind: disk, id: d }] }\n  edges:\n    - { from: PG, to: NOWHERE, label: lost, flow: sideways }\n',
        ),
      );
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('architecture.nodes.1.health.0.kind: ');
    expect(message).toContain('architecture.edges.0.flow: ');
    // With the shapes wrong, the references are not looked at yet; fixed shapes show them.
    expect(() =>
      loadProfile(
        write(
          'arch-bad2.yaml',
          'architecture:\n  nodes:\n    - { id: PG, name: Mine }\n  edges:\n    - { from: PG, to: NOWHERE, label: lost }\n',
        ),
      ),
    ).toThrow(
      /architecture\.nodes\.0\.id: PG is already in the picture\n {2}architecture\.edges\.0\.to: no box or group NOWHERE/,
    );
  });

  it('resolves vault:// references from the environment or a secret file, on the BFF only', () => {
    const secret = write('as_token', 'from-a-file\n');
    expect(resolveVaultRef('vault://matrix/bots/ralf-health', { VAULT_MATRIX_BOTS_RALF_HEALTH: 'from-env' })).toBe(
      'from-env',
    );
    expect(
      resolveVaultRef('vault://matrix/appservice/as_token', { VAULT_MATRIX_APPSERVICE_AS_TOKEN_FILE: secret }),
    ).toBe('from-a-file');
    expect(resolveVaultRef('vault://matrix/bots/none', {})).toBeNull();
  });
});
