import { z } from 'zod';

/** A duration in the environment: 500ms, 15s, 2m, 12h or 7d (a bare number is seconds). */
export const duration = (fallbackMs: number) =>
  z
    .string()
    .regex(/^\d+(ms|s|m|h|d)?$/, 'a duration such as 500ms, 15s, 2m, 12h or 7d')
    .optional()
    .transform((v) => {
      if (v === undefined) return fallbackMs;
      const n = Number.parseInt(v, 10);
      if (v.endsWith('ms')) return n;
      if (v.endsWith('m')) return n * 60_000;
      if (v.endsWith('h')) return n * 3_600_000;
      if (v.endsWith('d')) return n * 86_400_000;
      return n * 1000;
    });

/** A yes/no setting: true, false, 1, 0, yes or no. */
export const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
