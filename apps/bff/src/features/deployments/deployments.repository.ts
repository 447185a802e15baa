import type { DeploymentRow, DeploymentStatus, DeployParams, Template } from '@ralf/shared';
import type { Selectable } from 'kysely';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import { logColumns, type LogText } from '../../lib/log-line';
import type { DeploymentTable } from '../../adapters/db/tables-work';

type Row = Selectable<DeploymentTable>;

export interface NewDeployment {
  idempotencyKey: string;
  template: Template;
  params: DeployParams;
  nodeId: string;
  createdBy: string;
  at: Date;
  retryOf: string | null;
}

export const deploymentsRepository = Object.freeze({
  async replaceCatalog(
    db: Db,
    templates: { template: Template; source: string }[],
    errors: { file: string; message: string }[],
    at: Date,
  ): Promise<void> {
    await db.deleteFrom('ralf.template').execute();
    if (templates.length)
      await db
        .insertInto('ralf.template')
        .values(
          templates.map((t) => ({
            id: t.template.id,
            doc: JSON.stringify(t.template),
            source: t.source,
            updated_at: at,
          })),
        )
        .execute();
    await db.deleteFrom('ralf.catalog_error').execute();
    if (errors.length)
      await db
        .insertInto('ralf.catalog_error')
        .values(errors.map((e) => ({ file: e.file, message: e.message, at })))
        .execute();
  },
  async listTemplates(db: Db): Promise<Template[]> {
    const rows = await db.selectFrom('ralf.template').select('doc').execute();
    return rows.map((r) => r.doc as Template).sort((a, b) => a.name.localeCompare(b.name));
  },
  async findTemplate(db: Db, id: string): Promise<Template | null> {
    const r = await db.selectFrom('ralf.template').select('doc').where('id', '=', id).executeTakeFirst();
    return (r?.doc as Template | undefined) ?? null;
  },
  listCatalogErrors: (db: Db) =>
    db.selectFrom('ralf.catalog_error').select(['file', 'message']).orderBy('file').execute(),

  /** A requester's deployment by the key their browser chose (keys are per requester, issue 16). */
  findByKey: (db: Db, createdBy: string, key: string) =>
    db
      .selectFrom('ralf.deployment')
      .selectAll()
      .where('created_by', '=', createdBy)
      .where('idempotency_key', '=', key)
      .executeTakeFirst(),
  findById: (db: Db, id: string) =>
    db.selectFrom('ralf.deployment').selectAll().where('id', '=', id).executeTakeFirst(),
  lockById: (db: Db, id: string) =>
    db.selectFrom('ralf.deployment').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  listActiveNames: async (db: Db): Promise<string[]> =>
    (
      await db
        .selectFrom('ralf.deployment')
        .select('name')
        .where('status', 'not in', ['succeeded', 'failed', 'cancelled'])
        .execute()
    ).map((r) => r.name),
  findActiveByName: (db: Db, name: string) =>
    db
      .selectFrom('ralf.deployment')
      .select(['id', 'status'])
      .where('name', '=', name)
      .where('status', 'not in', ['succeeded', 'failed', 'cancelled'])
      .executeTakeFirst(),
  async insert(db: Db, d: NewDeployment): Promise<Row> {
    return db
      .insertInto('ralf.deployment')
      .values({
        idempotency_key: d.idempotencyKey,
        template_id: d.template.id,
        template_name: d.template.name,
        name: d.params.name,
        node_id: d.nodeId,
        status: 'checking',
        params: JSON.stringify(d.params),
        created_by: d.createdBy,
        created_at: d.at,
        updated_at: d.at,
        retry_of: d.retryOf,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  /** Moves the status; the database refuses an illegal move (SQLSTATE RA001). */
  async setStatus(
    db: Db,
    id: string,
    to: DeploymentStatus,
    at: Date,
    extra: { error?: string | null; guestId?: string | null; final: boolean },
  ): Promise<void> {
    await db
      .updateTable('ralf.deployment')
      .set({
        status: to,
        updated_at: at,
        ...(extra.final && { finished_at: at }),
        ...(extra.error !== undefined && { error: extra.error }),
        ...(extra.guestId !== undefined && { guest_id: extra.guestId }),
      })
      .where('id', '=', id)
      .execute();
  },
  async log(db: Db, id: string, at: Date, status: DeploymentStatus | null, message: LogText): Promise<void> {
    await db
      .insertInto('ralf.deployment_log')
      .values({ deployment_id: id, at, status, ...logColumns(message) })
      .execute();
  },
  listLog: (db: Db, id: string) =>
    db
      .selectFrom('ralf.deployment_log')
      .select(['at', 'status', 'message', 'code', 'params'])
      .where('deployment_id', '=', id)
      .orderBy('id')
      .execute(),
  async list(
    db: Db,
    f: { status?: string; templateId?: string; nodeId?: string; createdBy?: string },
    limit: number,
  ): Promise<Row[]> {
    let q = db.selectFrom('ralf.deployment').selectAll();
    if (f.status) q = q.where('status', '=', f.status);
    if (f.templateId) q = q.where('template_id', '=', f.templateId);
    if (f.nodeId) q = q.where('node_id', '=', f.nodeId);
    if (f.createdBy) q = q.where('created_by', '=', f.createdBy);
    return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  },
  /** Counts a delivery to the executor before it is made; the number it is (issue 16). */
  async countDelivery(db: Db, id: string): Promise<number> {
    const r = await db
      .updateTable('ralf.deployment')
      .set((eb) => ({ deliveries: eb('deliveries', '+', 1) }))
      .where('id', '=', id)
      .returning('deliveries')
      .executeTakeFirstOrThrow();
    return r.deliveries;
  },
  transitions: (db: Db) => db.selectFrom('ralf.deployment_transition').selectAll().execute(),
});

export function toRow(r: Row): DeploymentRow {
  return {
    id: r.id,
    templateId: r.template_id,
    templateName: r.template_name,
    name: r.name,
    nodeId: r.node_id,
    status: r.status as DeploymentStatus,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    finishedAt: iso(r.finished_at),
    error: r.error,
    guestId: r.guest_id,
    retryOf: r.retry_of,
    deliveries: r.deliveries,
  };
}
