import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../adapters/db/client';
import { buildTestApp, callerAs, FROZEN } from '../../test/build-test-app';
import { createLastingTestDb, DB_KINDS, openTestDb, type DbKind, type TestDb } from '../../test/test-db';
import { createAuditLog } from '../features/audit/audit.service';
import { decodeBackup, dumpState, encodeBackup, readBackupFile, restoreState, writeBackupFile } from './backup';

const DEMO = { RALF_DEMO_LAB: 'on', RALF_DEMO_ACCOUNTS: 'on' };
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of drops.splice(0)) await d();
});

async function lastingDb(kind: DbKind): Promise<TestDb> {
  const t = await createLastingTestDb(kind);
  drops.push(() => t.drop());
  return t;
}

const verify = (db: Parameters<ReturnType<typeof createAuditLog>['verify']>[0]) =>
  createAuditLog({ clock: { now: () => FROZEN } }).verify(db);

describe.each(DB_KINDS)('ralf-ui backup and restore (%s)', (kind) => {
  it('restores every row into an empty database: the chain verifies, sessions and plans are back', async () => {
    const source = await lastingDb(kind);
    const t = await buildTestApp(kind, DEMO, { db: source });
    const login = await t.app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { 'content-type': 'application/json' },
      payload: { username: 'approver', password: 'demo-approver' },
    });
    const cookie = `ralf_session=${login.cookies.find((c) => c.name === 'ralf_session')!.value}`;
    const { planId } = await (
      await callerAs(t, 'operator')
    ).plans.propose({
      actions: [{ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', to: 2048 }],
    });
    await (await callerAs(t, 'approver')).plans.decide({ id: planId, decision: 'approve', revision: 1 });
    const plans = (await t.app.inject({ url: '/trpc/plans.list?input={}', headers: { cookie } })).json();
    expect(plans.result.data.map((p: { id: string }) => p.id)).toContain(planId);
    await t.app.close();

    const file = join(mkdtempSync(join(tmpdir(), 'ralf-backup-file-')), 'state.ralf.gz');
    const src = await openDatabase(source.config);
    // Text that would break a line-based file if it were written raw: line breaks, tabs, quotes, emoji.
    const awkward = 'line one\nline\ttwo "quoted" \\ back — Küche 🦊';
    await sql`insert into ralf.setting (key, value, updated_at, updated_by)
      values ('backup.awkward', ${JSON.stringify({ text: awkward })}::jsonb, now(), ${awkward})`.execute(src.db);
    const written = await writeBackupFile(src, file);
    await src.close();
    const audited = written.tables.get('audit_event')!.length;
    expect(audited).toBeGreaterThan(0);
    expect(written.tables.get('session')!.length).toBeGreaterThan(0);

    const target = await lastingDb(kind);
    const dst = await openDatabase(target.config);
    const counts = await restoreState(dst, readBackupFile(file));
    expect(counts.audit_event).toBe(audited);
    // The same rows, table by table, as PostgreSQL writes them.
    expect((await dumpState(dst)).tables).toEqual(written.tables);
    expect(await verify(dst.db)).toMatchObject({ ok: true, checked: audited, brokenCount: 0 });
    const back = await sql<{ value: { text: string }; updated_by: string }>`select value, updated_by
      from ralf.setting where key = 'backup.awkward'`.execute(dst.db);
    expect(back.rows).toEqual([{ value: { text: awkward }, updated_by: awkward }]);
    // A second restore would mix two installations: refused, nothing changed.
    await expect(restoreState(dst, readBackupFile(file))).rejects.toThrow(
      /already holds ralf-ui state \(\d+ audit events/,
    );
    expect((await dumpState(dst)).tables.get('audit_event')!.length).toBe(audited);
    await dst.close();

    // The restored database serves the same signed-in session and plans.
    const r = await buildTestApp(kind, DEMO, { db: target });
    try {
      const session = (await r.app.inject({ url: '/trpc/auth.session', headers: { cookie } })).json();
      expect(session.result.data).toMatchObject({ user: { username: 'approver' } });
      const again = (await r.app.inject({ url: '/trpc/plans.list?input={}', headers: { cookie } })).json();
      expect(again.result.data.map((p: { id: string }) => p.id)).toEqual(
        expect.arrayContaining(plans.result.data.map((p: { id: string }) => p.id)),
      );
    } finally {
      await r.app.close();
    }
  });
});

describe('a backup file that is not complete', () => {
  const dump = {
    header: {
      release: '0.2.0',
      migrations: ['0001-inventory'],
      source: 'pglite' as const,
      createdAt: FROZEN.toISOString(),
    },
    tables: new Map([
      ['node', ['{"id":"node/pve1","name":"pve1"}', '{"id":"node/pve2","name":"pve2"}']],
      ['guest', ['{"id":"qemu/101","node_id":"node/pve1"}']],
    ]),
  };
  const text = gunzipSync(encodeBackup(dump)).toString();

  it('is refused by a database already migrated past it, before a row is written', async () => {
    const { client, close } = await openTestDb('pglite');
    try {
      await expect(restoreState(client, dump)).rejects.toThrow(
        /the target database is already migrated past the backup \(0002-audit, .*0018-releases\)/,
      );
      expect((await dumpState(client)).tables.get('node')).toEqual([]);
    } finally {
      await close();
    }
  });

  it('reads back what was written', () => {
    expect(decodeBackup(encodeBackup(dump), 'f').tables).toEqual(dump.tables);
  });

  it('is refused when cut short, altered, or not a backup, saying which', () => {
    const whole = encodeBackup(dump);
    expect(() => decodeBackup(whole.subarray(0, whole.length - 20), 'cut.gz')).toThrow(
      /cut.gz is not a complete ralf-ui backup/,
    );
    const lastLine = text.slice(0, text.lastIndexOf('#end '));
    expect(() => decodeBackup(gzipSync(lastLine), 'f')).toThrow(/end line is missing/);
    expect(() => decodeBackup(gzipSync(text.replace('pve2', 'pve9')), 'f')).toThrow(/checksum does not match/);
    expect(() => decodeBackup(gzipSync('hello\n'), 'f')).toThrow(/f is not a ralf-ui backup/);
    const file = join(mkdtempSync(join(tmpdir(), 'ralf-backup-')), 'b.gz');
    writeFileSync(file, whole.subarray(0, 40));
    expect(() => readBackupFile(file)).toThrow(/not a complete ralf-ui backup/);
    expect(readFileSync(file).length).toBe(40);
  });
});
