import { z } from 'zod';
import { text } from './text';

/** Proxmox ids, which are also prometheus-pve-exporter's `id` labels (DESIGN.md §4–5). */
export const NodeIdSchema = z.string().regex(/^node\/[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/, 'input.nodeId');
export type NodeId = `node/${string}`;

export const GuestIdSchema = z.string().regex(/^(qemu|lxc)\/\d{1,9}$/, 'input.guestId');
export type GuestId = `qemu/${number}` | `lxc/${number}`;

/** A network card's address, as Foreman reports a discovered host's (lower case, colons). */
export const MacSchema = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'input.mac');

export const GuestTypeSchema = z.enum(['qemu', 'lxc']);
export type GuestType = z.infer<typeof GuestTypeSchema>;

/**
 * Every ingested event carries an id chosen by the sender (a UUID, or `<agent>:<counter>`): the
 * same id sent twice is stored once and answered the same way (issue 4).
 */
export const EventIdSchema = text({ min: 1, max: 128 }).regex(
  /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/,
  'letters, digits and . _ : @ / - (a UUID will do)',
);
