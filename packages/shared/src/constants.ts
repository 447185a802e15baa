/**
 * Plain lists beside the schemas built from them, in a module without zod, so that the browser
 * can check a value from the address bar without loading zod.
 */
export const FLEET_SORT_KEYS = ['name', 'vmid', 'status', 'node', 'type', 'cores', 'memory', 'disk', 'tags', 'cpuUse', 'memUse', 'diskUse'] as const;

export const RANGES = ['1h', '6h', '24h', '7d'] as const;

export const RANGE_SECONDS: Record<(typeof RANGES)[number], number> = { '1h': 3600, '6h': 21600, '24h': 86400, '7d': 604800 };
