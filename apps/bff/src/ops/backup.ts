import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Db, DbClient } from '../adapters/db/client';
import { migrate } from '../adapters/db/migrate';
import { MIGRATIONS } from '../adapters/db/migrations/index';
import { RALF_VERSION } from '../version';

/**
 * ralf-ui's own state as one file (issue 25): every row of every table in the `ralf` schema, as
 * PostgreSQL's own JSON of the row (`to_jsonb`), read in one snapshot. The same file comes from
 * and goes into PostgreSQL and the embedded PGlite, so a backup of one restores into the other
 * (`migrate-to-postgres` is exactly that). Lines, gzip'd:
 *   #ralf-ui-backup <header JSON: release, migrations applied, source, time>
 *   <table>\t<row JSON>            (tables parents first; rows kept as PostgreSQL wrote them)
 *   #end <{ rows per table, sha256 of every line before this one }>
 * A file without its end line, with other counts or another hash is not complete and is refused.
 */
export const BACKUP_MAGIC = '#ralf-ui-backup ';
const END = '#end ';

export interface BackupHeader {
  release: string;
  migrations: string[];
  source: 'postgres' | 'pglite';
  createdAt: string;
}

export interface StateDump {
  header: BackupHeader;
  /** Table → rows (raw JSON text), in the order they are inserted. */
  tables: Map<string, string[]>;
}

export class BackupFileError extends Error {}

interface Schema {
  /** Tables, each after the tables it references. */
  tables: string[];
  /** Table → its identity columns (their sequences are moved past the restored rows). */
  identity: Map<string, string[]>;
  /** Table → [column, referenced column] of foreign keys to itself (rows inserted parents first). */
  selfRefs: Map<string, [string, string][]>;
  primaryKey: Map<string, string[]>;
}

async function readSchema(db: Db): Promise<Schema> {
  const tables = (
    await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'ralf' and c.relkind = 'r' and c.relname <> 'schema_migration' order by 1`.execute(db)
  ).rows.map((r) => r.name);
  const fks = (
    await sql<{ t: string; r: string; col: string; ref: string }>`
      select c.conrelid::regclass::text as t, c.confrelid::regclass::text as r, a.attname as col, b.attname as ref
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute b on b.attrelid = c.confrelid and b.attnum = c.confkey[1]
      where n.nspname = 'ralf' and c.contype = 'f'`.execute(db)
  ).rows.map((f) => ({ ...f, t: f.t.replace(/^ralf\./, ''), r: f.r.replace(/^ralf\./, '') }));
  const identity = new Map<string, string[]>();
  for (const r of (
    await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns
      where table_schema = 'ralf' and is_identity = 'YES'`.execute(db)
  ).rows)
    identity.set(r.t, [...(identity.get(r.t) ?? []), r.c]);
  const primaryKey = new Map<string, string[]>();
  for (const r of (
    await sql<{ t: string; c: string }>`select c.relname as t, a.attname as c from pg_index i
      join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where n.nspname = 'ralf' and i.indisprimary order by a.attnum`.execute(db)
  ).rows)
    primaryKey.set(r.t, [...(primaryKey.get(r.t) ?? []), r.c]);
  const selfRefs = new Map<string, [string, string][]>();
  for (const f of fks.filter((f) => f.t === f.r)) selfRefs.set(f.t, [...(selfRefs.get(f.t) ?? []), [f.col, f.ref]]);
  // Parents first: a table comes after every other table it references (the graph has no cycles).
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const f of fks) if (f.t === t && f.r !== t) visit(f.r, path);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return { tables: ordered.filter((t) => tables.includes(t)), identity, selfRefs, primaryKey };
}

const ident = (name: string) => sql.id('ralf', name);

/** Reads every row in one consistent snapshot (repeatable read): a live PostgreSQL may be written meanwhile. */
export async function dumpState(client: DbClient): Promise<StateDump> {
  return client.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const schema = await readSchema(trx);
      if (!schema.tables.includes('audit_event'))
        throw new BackupFileError('this database holds no ralf-ui state yet (start ralf-ui on it once)');
      const migrations = (
        await sql<{ version: string }>`select version from ralf.schema_migration order by version`.execute(trx)
      ).rows.map((r) => r.version);
      const tables = new Map<string, string[]>();
      for (const t of schema.tables) {
        const order = (schema.primaryKey.get(t) ?? []).map((c) => sql.ref(`x.${c}`));
        // jsonb's text never holds a raw line break (a `json` column's would be kept verbatim).
        const rows = await sql<{ j: string }>`select to_jsonb(x)::text as j from ${ident(t)} x
          ${order.length ? sql`order by ${sql.join(order)}` : sql``}`.execute(trx);
        tables.set(
          t,
          rows.rows.map((r) => r.j),
        );
      }
      return {
        header: { release: RALF_VERSION, migrations, source: client.kind, createdAt: new Date().toISOString() },
        tables,
      };
    });
}

export function encodeBackup(dump: StateDump): Buffer {
  const lines = [BACKUP_MAGIC + JSON.stringify(dump.header)];
  const counts: Record<string, number> = {};
  for (const [t, rows] of dump.tables) {
    counts[t] = rows.length;
    for (const r of rows) lines.push(`${t}\t${r}`);
  }
  const body = lines.join('\n') + '\n';
  const sha256 = createHash('sha256').update(body).digest('hex');
  return gzipSync(body + END + JSON.stringify({ rows: counts, sha256 }) + '\n');
}

function parseLine<T>(line: string, name: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new BackupFileError(`${name} is not a complete ralf-ui backup: a line that is not JSON`);
  }
}

/** Parses a backup, refusing one that is cut short, altered or not a backup at all (each with its reason). */
export function decodeBackup(file: Buffer, name: string): StateDump {
  let text: string;
  try {
    text = gunzipSync(file).toString('utf8');
  } catch (err) {
    throw new BackupFileError(`${name} is not a complete ralf-ui backup: ${(err as Error).message}`);
  }
  if (!text.startsWith(BACKUP_MAGIC)) throw new BackupFileError(`${name} is not a ralf-ui backup`);
  const endAt = text.lastIndexOf('\n' + END);
  if (endAt < 0 || !text.endsWith('\n'))
    throw new BackupFileError(`${name} is not a complete ralf-ui backup: its end line is missing (cut short?)`);
  const body = text.slice(0, endAt + 1);
  const end = parseLine<{ rows: Record<string, number>; sha256: string }>(text.slice(endAt + 1 + END.length), name);
  if (createHash('sha256').update(body).digest('hex') !== end.sha256)
    throw new BackupFileError(`${name} is not a complete ralf-ui backup: its checksum does not match its rows`);
  const lines = body.slice(0, -1).split('\n');
  const header = parseLine<BackupHeader>(lines[0]!.slice(BACKUP_MAGIC.length), name);
  const tables = new Map<string, string[]>(Object.keys(end.rows).map((t) => [t, []]));
  for (const line of lines.slice(1)) {
    const tab = line.indexOf('\t');
    const rows = tables.get(line.slice(0, tab));
    if (!rows) throw new BackupFileError(`${name}: a row of a table its end line does not list`);
    rows.push(line.slice(tab + 1));
  }
  for (const [t, n] of Object.entries(end.rows))
    if (tables.get(t)!.length !== n)
      throw new BackupFileError(
        `${name} is not a complete ralf-ui backup: ${t} has ${tables.get(t)!.length} of ${n} rows`,
      );
  return { header, tables };
}

export async function writeBackupFile(client: DbClient, file: string): Promise<StateDump> {
  const dump = await dumpState(client);
  // Written beside, then renamed: a backup cut short by a crash never takes the name.
  const tmp = `${file}.${process.pid}.partial`;
  writeFileSync(tmp, encodeBackup(dump), { mode: 0o600 });
  renameSync(tmp, file);
  return dump;
}

export const readBackupFile = (file: string): StateDump => {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new BackupFileError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return decodeBackup(bytes, file);
};

/** Rows of a table that references itself, each after the row it references. */
function parentsFirst(rows: string[], refs: [string, string][]): string[] {
  const parsed = rows.map((raw) => ({ raw, v: JSON.parse(raw) as Record<string, unknown> }));
  const placed = new Map<string, Set<unknown>>(refs.map(([, ref]) => [ref, new Set()]));
  const out: string[] = [];
  let left = parsed;
  while (left.length) {
    const ready = left.filter((r) => refs.every(([col, ref]) => r.v[col] == null || placed.get(ref)!.has(r.v[col])));
    if (!ready.length) throw new BackupFileError('rows that reference each other in a cycle');
    for (const r of ready) {
      out.push(r.raw);
      for (const [, ref] of refs) placed.get(ref)!.add(r.v[ref]);
    }
    left = left.filter((r) => !ready.includes(r));
  }
  return out;
}

/**
 * Loads a dump into a database that holds no ralf-ui state yet: its schema is brought to the
 * backup's migrations, every row inserted in one transaction (all or nothing), identity counters
 * moved past them, then the remaining migrations of this release applied. Refuses a database
 * with an audit trail or accounts, and a backup made by a release newer than this one.
 */
export async function restoreState(client: DbClient, dump: StateDump): Promise<Record<string, number>> {
  const known = new Set(MIGRATIONS.map((m) => m.version));
  const unknown = dump.header.migrations.filter((v) => !known.has(v));
  if (unknown.length)
    throw new BackupFileError(
      `the backup was made by ralf-ui ${dump.header.release}, newer than this release (${RALF_VERSION}): restore it with ${dump.header.release} or newer`,
    );
  await migrate(
    client,
    MIGRATIONS.filter((m) => dump.header.migrations.includes(m.version)),
  );
  const counts: Record<string, number> = {};
  await client.db.transaction().execute(async (trx) => {
    const held = (
      await sql<{ audit: number; users: number }>`select (select count(*) from ralf.audit_event)::int as audit,
        (select count(*) from ralf.app_user)::int as users`.execute(trx)
    ).rows[0]!;
    if (held.audit || held.users)
      throw new BackupFileError(
        `the target database already holds ralf-ui state (${held.audit} audit events, ${held.users} accounts): restore into an empty database or data folder`,
      );
    const applied = (await sql<{ version: string }>`select version from ralf.schema_migration`.execute(trx)).rows;
    const beyond = applied.map((r) => r.version).filter((v) => !dump.header.migrations.includes(v));
    if (beyond.length)
      throw new BackupFileError(
        `the target database is already migrated past the backup (${beyond.join(', ')}): restore into an empty database or data folder`,
      );
    const schema = await readSchema(trx);
    // What the migrations put there (the transition tables) is replaced by the backup's copy.
    for (const t of [...schema.tables].reverse()) await sql`delete from ${ident(t)}`.execute(trx);
    for (const [t, raw] of dump.tables) {
      if (!schema.tables.includes(t)) throw new BackupFileError(`the backup holds a table this schema lacks: ${t}`);
      const rows = schema.selfRefs.has(t) ? parentsFirst(raw, schema.selfRefs.get(t)!) : raw;
      for (let i = 0; i < rows.length; i += 500) {
        const batch = `[${rows.slice(i, i + 500).join(',')}]`;
        await sql`insert into ${ident(t)} overriding system value
          select * from json_populate_recordset(null::${ident(t)}, ${batch}::json)`.execute(trx);
      }
      for (const c of schema.identity.get(t) ?? [])
        await sql`select setval(pg_get_serial_sequence(${`ralf.${t}`}, ${c}),
          coalesce((select max(${sql.ref(c)}) from ${ident(t)}), 0) + 1, false)`.execute(trx);
      counts[t] = rows.length;
    }
  });
  await migrate(client);
  return counts;
}
