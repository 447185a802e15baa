import { z } from 'zod';
import { text } from './text';
import { InventorySnapshotSchema } from './inventory-report';
import { EventIdSchema, GuestIdSchema, NodeIdSchema } from './ids';

/** When the event happened at its source; the time of arrival is recorded beside it. */
const EventAt = z.iso.datetime({ offset: true }).optional();

const snap = InventorySnapshotSchema.shape;
const NodeInput = snap.nodes.element;
const GuestInput = snap.guests.element;
const ServiceInput = snap.services.unwrap().element;
const HostInput = snap.discoveredHosts.unwrap().element;

/** A change of the inventory, as agents and Foreman report it. */
export const InventoryEventSchema = z.discriminatedUnion('type', [
  z.object({ id: EventIdSchema, at: EventAt, type: z.literal('node.upsert'), node: NodeInput }).strict(),
  z.object({ id: EventIdSchema, at: EventAt, type: z.literal('node.delete'), nodeId: NodeIdSchema }).strict(),
  z.object({ id: EventIdSchema, at: EventAt, type: z.literal('guest.upsert'), guest: GuestInput }).strict(),
  z.object({ id: EventIdSchema, at: EventAt, type: z.literal('guest.delete'), guestId: GuestIdSchema }).strict(),
  z.object({ id: EventIdSchema, at: EventAt, type: z.literal('service.upsert'), service: ServiceInput }).strict(),
  z
    .object({
      id: EventIdSchema,
      at: EventAt,
      type: z.literal('service.delete'),
      serviceId: text({ min: 1, max: 128 }),
    })
    .strict(),
  z.object({ id: EventIdSchema, at: EventAt, type: z.literal('host.discovered'), host: HostInput }).strict(),
]);
export type InventoryEvent = z.infer<typeof InventoryEventSchema>;

/** `POST /api/ingest/v1/inventory/events`: 1 to 1,000 events, applied all or none. */
export const InventoryEventsBodySchema = z.object({ events: z.array(InventoryEventSchema).min(1).max(1000) }).strict();
export type InventoryEventsBody = z.infer<typeof InventoryEventsBodySchema>;

/** `POST /api/ingest/v1/inventory/snapshot`: the whole inventory; what it does not list is removed. */
export const InventorySnapshotBodySchema = z
  .object({ id: EventIdSchema, at: EventAt, snapshot: InventorySnapshotSchema })
  .strict();
export type InventorySnapshotBody = z.infer<typeof InventorySnapshotBodySchema>;

/** The answer to an accepted request; a replay gets the same answer. */
export const IngestResultSchema = z.object({
  results: z.array(z.object({ id: z.string(), status: z.literal('applied'), seq: z.number().int() })),
});
export type IngestResult = z.infer<typeof IngestResultSchema>;

export const IngestErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  /** The offending places in the body, for a schema violation. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** One entry of the change log that live pages follow; `seq` is the resume position. */
export const ChangeSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  topic: z.enum(['inventory', 'deployments', 'plans', 'trails', 'loops', 'findings', 'bots', 'services']),
  kind: z.string(),
  subject: z.string().nullable(),
});
export type Change = z.infer<typeof ChangeSchema>;

/**
 * What a live page receives: the changes committed since the last message (one message for a
 * burst, so 50 browsers at 500 changes/s do not cost 25,000 messages a second), or "too much was
 * missed, read everything again".
 */
export const LiveMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('changes'), changes: z.array(ChangeSchema).min(1) }),
  z.object({ type: z.literal('resync'), seq: z.number().int() }),
  /** This process is shutting down: reconnect (to another replica, or to it once restarted) and read everything again. */
  z.object({ type: z.literal('reconnect') }),
]);
export type LiveMessage = z.infer<typeof LiveMessageSchema>;

export const IngestTrafficSchema = z.object({
  tokens: z.array(
    z.object({
      tokenName: z.string().nullable(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      events: z.number().int(),
      lastSeenAt: z.string().nullable(),
      lastRejection: z.object({ at: z.string(), status: z.number().int(), reason: z.string() }).nullable(),
    }),
  ),
  recent: z.array(
    z.object({
      at: z.string(),
      tokenName: z.string().nullable(),
      route: z.string(),
      status: z.number().int(),
      events: z.number().int(),
      reason: z.string().nullable(),
    }),
  ),
});
export type IngestTraffic = z.infer<typeof IngestTrafficSchema>;
