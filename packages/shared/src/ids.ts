import { z } from 'zod';

/** Proxmox ids, which are also prometheus-pve-exporter's `id` labels (DESIGN.md §4–5). */
export const NodeIdSchema = z.string().regex(/^node\/[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/, 'expected node/<name>');
export type NodeId = `node/${string}`;

export const GuestIdSchema = z.string().regex(/^(qemu|lxc)\/\d{1,9}$/, 'expected qemu/<vmid> or lxc/<vmid>');
export type GuestId = `qemu/${number}` | `lxc/${number}`;

export const GuestTypeSchema = z.enum(['qemu', 'lxc']);
export type GuestType = z.infer<typeof GuestTypeSchema>;
