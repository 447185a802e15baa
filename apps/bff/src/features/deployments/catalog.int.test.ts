import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../../test/build-test-app';

describe("the operator's catalog folder", () => {
  const dir = mkdtempSync(join(tmpdir(), 'ralf-catalog-'));
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    writeFileSync(
      join(dir, 'wiki.yaml'),
      'id: wiki\nname: Wiki.js\ndescription: A wiki for the lab.\nversion: "2.5"\ndefaults: { cores: 1, memoryMiB: 1024, diskGiB: 8 }\nservice: { kind: wiki, port: 3000 }\n',
    );
    writeFileSync(
      join(dir, 'gitea.yaml'),
      'id: gitea\nname: Gitea (ours)\ndescription: Our own Gitea.\nversion: "1.23"\ndefaults: { cores: 4, memoryMiB: 4096, diskGiB: 64 }\nservice: { kind: git }\n',
    );
    writeFileSync(join(dir, 'broken.yaml'), 'id: broken\nname: [unclosed\n');
    writeFileSync(
      join(dir, 'wrong.yaml'),
      'id: Wrong Id\nname: Wrong\ndescription: x\nversion: "1"\ndefaults: { cores: 0, memoryMiB: 1, diskGiB: 1 }\nservice: { kind: x }\nextra: true\n',
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a template');
    t = await buildTestApp('pglite', { CATALOG_DIR: dir });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds its templates, replaces built-in ones by id, and reports the bad files while the rest load', async () => {
    const c = await (await callerAs(t, 'viewer')).deployments.catalog();
    const ids = c.templates.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['wiki', 'jellyfin', 'gitea']));
    expect(c.templates.find((x) => x.id === 'gitea')!.name).toBe('Gitea (ours)');
    expect(c.errors.map((e) => e.file.replace(dir, '<dir>'))).toEqual(['<dir>/broken.yaml', '<dir>/wrong.yaml']);
    expect(c.errors[1]!.message).toMatch(/id: lower-case letters.*defaults\.cores.*extra/);
  });
});
