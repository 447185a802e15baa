import { z } from 'zod';
import { FreshnessSchema } from './sources';

export const ModeSchema = z.enum(['embedded', 'connected']);

export const SystemInfoSchema = z.object({
  version: z.string(),
  mode: ModeSchema,
  database: z.enum(['pglite', 'postgres']),
  metrics: z.enum(['demo-lab', 'prometheus', 'proxmox', 'none']),
  demoLab: z.boolean(),
  startedAt: z.string(),
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

export const ReadinessSchema = z.object({
  ready: z.boolean(),
  database: z.object({ ok: z.boolean(), message: z.string().nullable() }),
  metrics: FreshnessSchema,
});
export type Readiness = z.infer<typeof ReadinessSchema>;
