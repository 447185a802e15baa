import { readFileSync } from 'node:fs';
import {
  ArchitectureExtrasSchema,
  type NotifyChannelConfig,
  NotifyChannelConfigSchema,
  illFormedProblem,
  LoopDefinitionSchema,
  problemsOf,
  SEED_ARCHITECTURE,
  architectureProblems,
  withExtras,
  type ArchitectureGraph,
  type LoopDefinition,
} from '@ralf/shared';
import { Cron } from 'croner';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const VaultRef = z
  .string()
  .regex(
    /^vault:\/\/[A-Za-z0-9][A-Za-z0-9/_.-]*$/,
    'a reference such as vault://matrix/bots/ralf-health (never the token itself)',
  );

const BotSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
    user_id: z.string().regex(/^@[^:\s]+:\S+$/, 'a Matrix user id such as @ralf-health:homelab'),
    room: z.string().regex(/^[!#][^:\s]+:\S+$/, 'a room id (!…:server) or alias (#…:server)'),
    token: VaultRef,
  })
  .strict();

/** A Proxmox VE cluster or PBS the profile names (issue 19): its secret only as a vault:// reference. */
const ProxmoxEndpointSchema = (example: string) =>
  z
    .object({
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits and . _ -, such as homelab'),
      url: z.url({ protocol: /^https?$/, error: `the API address, such as ${example}` }),
      token_id: z.string().regex(/^[^@!\s]+@[^@!\s]+![A-Za-z][A-Za-z0-9._-]*$/, 'user@realm!tokenname'),
      token_secret: VaultRef,
      fingerprint: z
        .string()
        .regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, "the certificate's SHA-256 fingerprint (AB:CD:…)")
        .optional(),
      ca_file: z.string().min(1).optional(),
    })
    .strict();

export const ProfileSchema = z
  .object({
    /** Proxmox VE clusters and standalone hosts read directly, beside PROXMOX_URL (issue 19). */
    proxmox: z.array(ProxmoxEndpointSchema('https://pve1.lan:8006')).max(32).default([]),
    /** Proxmox Backup Servers, beside PBS_URL. */
    pbs: z.array(ProxmoxEndpointSchema('https://pbs.lan:8007')).max(32).default([]),
    /**
     * Guests (by name or id, `qemu/130`) that are core services beside those with the role or tag
     * `core`: they are stopped, rolled back or migrated only through a plan with approval (issue 20).
     */
    /**
     * Which executor carries out what (issue 20): approved plans through Proxmox (`proxmox`), through
     * the configured executor (`executor`: n8n, or the demo lab's), or `auto`: Proxmox where real
     * clusters are read or the demo lab runs its own executor; n8n keeps its workflows.
     */
    executors: z
      .object({ plans: z.enum(['auto', 'proxmox', 'executor']).default('auto') })
      .strict()
      .default({ plans: 'auto' }),
    core_guests: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9./_-]{0,62}$/, 'a guest name or id such as postgresql or lxc/101'))
      .max(500)
      .default([]),
    scheduler: z.array(LoopDefinitionSchema).max(50).default([]),
    matrix_webhooks: z
      .object({
        homeserver: z.url({ protocol: /^https?$/ }).optional(),
        appservice: z
          .object({ id: z.string().min(1).max(64), as_token: VaultRef })
          .strict()
          .optional(),
        bots: z.array(BotSchema).max(50).default([]),
      })
      .strict()
      .default({ bots: [] }),
    /** The operator's own boxes and edges on the architecture page (issue 9). */
    architecture: ArchitectureExtrasSchema.default({ groups: [], nodes: [], edges: [] }),
    /** Where notifications go (issue 23): ntfy, Gotify, webhooks; secrets as vault:// references. */
    notifications: z
      .object({ channels: z.array(NotifyChannelConfigSchema).max(20).default([]) })
      .strict()
      .default({ channels: [] }),
  })
  .passthrough();

export interface Profile {
  path: string;
  loops: LoopDefinition[];
  matrix: {
    homeserver?: string;
    appservice?: { id: string; asToken: string };
    bots: { id: string; userId: string; room: string; token: string }[];
  };
  /** The seed's architecture with the profile's extras. */
  architecture: ArchitectureGraph;
  proxmox: ProfileEndpoint[];
  pbs: ProfileEndpoint[];
  /** Guests acted on only through plans, beside those with the role or tag `core`. */
  coreGuests: string[];
  executors: { plans: 'auto' | 'proxmox' | 'executor' };
  notifications: NotifyChannelConfig[];
}

/** A cluster or backup server from the profile; `secret` is still a vault:// reference. */
export interface ProfileEndpoint {
  name: string;
  url: string;
  tokenId: string;
  secret: string;
  fingerprint: string | null;
  caFile: string | null;
}

export class ProfileError extends Error {}

const validZone = (timeZone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
};

/** No profile file: no loops, no bots, the seed's architecture. */
export const NO_PROFILE: Profile = {
  path: '(none)',
  loops: [],
  matrix: { bots: [] },
  architecture: SEED_ARCHITECTURE,
  proxmox: [],
  pbs: [],
  coreGuests: [],
  executors: { plans: 'auto' },
  notifications: [],
};

/**
 * Reads the installer profile (RALF_PROFILE, else the built-in core profile). A malformed
 * profile stops the start with the path of every bad key: `scheduler.1.triggers.0.cron: …`.
 */
export function loadProfile(path: string): Profile {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ProfileError(`profile ${path}: ${(err as Error).message.split('\n')[0]}`);
  }
  const illFormed = illFormedProblem(doc, '(profile)');
  if (illFormed) throw new ProfileError(`profile ${path}: ${illFormed}`);
  const r = ProfileSchema.safeParse(doc ?? {});
  const problems = r.success ? [] : problemsOf(r.error, '(profile)').map((p) => `${p.path}: ${p.message}`);
  if (r.success) {
    r.data.scheduler.forEach((loop, i) => {
      loop.triggers.forEach((t, j) => {
        if (!('cron' in t)) return;
        if (!validZone(t.timezone)) {
          problems.push(`scheduler.${i}.triggers.${j}.timezone: unknown time zone ${t.timezone}`);
          return;
        }
        if (t.cron.trim().split(/\s+/).length !== 5)
          problems.push(`scheduler.${i}.triggers.${j}.cron: five fields expected (minute hour day month weekday)`);
        else {
          try {
            new Cron(t.cron, { timezone: t.timezone, paused: true });
          } catch (err) {
            problems.push(`scheduler.${i}.triggers.${j}.cron: ${(err as Error).message}`);
          }
        }
      });
    });
    for (const kind of ['proxmox', 'pbs'] as const) {
      const names = r.data[kind].map((c) => c.name);
      names.forEach((n, i) => names.indexOf(n) !== i && problems.push(`${kind}.${i}.name: ${n} is used twice`));
    }
    r.data.notifications.channels.forEach((c, i) => {
      if (c.quiet_hours && !validZone(c.quiet_hours.timezone))
        problems.push(`notifications.channels.${i}.quiet_hours.timezone: unknown time zone ${c.quiet_hours.timezone}`);
    });
    const channels = r.data.notifications.channels.map((c) => c.id);
    channels.forEach(
      (id, i) => channels.indexOf(id) !== i && problems.push(`notifications.channels.${i}.id: ${id} is used twice`),
    );
    const ids = r.data.scheduler.map((l) => l.id);
    ids.forEach((id, i) => ids.indexOf(id) !== i && problems.push(`scheduler.${i}.id: ${id} is used twice`));
    for (const p of architectureProblems(SEED_ARCHITECTURE, r.data.architecture))
      problems.push(`architecture.${p.path.join('.')}: ${p.message}`);
  }
  if (problems.length || !r.success)
    throw new ProfileError(`profile ${path} is not valid:\n  ${problems.join('\n  ')}`);
  const m = r.data.matrix_webhooks;
  return {
    path,
    loops: r.data.scheduler,
    matrix: {
      homeserver: m.homeserver,
      appservice: m.appservice && { id: m.appservice.id, asToken: m.appservice.as_token },
      bots: m.bots.map((b) => ({ id: b.id, userId: b.user_id, room: b.room, token: b.token })),
    },
    architecture: withExtras(SEED_ARCHITECTURE, r.data.architecture),
    proxmox: r.data.proxmox.map(endpointOf),
    pbs: r.data.pbs.map(endpointOf),
    coreGuests: r.data.core_guests,
    executors: r.data.executors,
    notifications: r.data.notifications.channels,
  };
}

const endpointOf = (e: z.infer<ReturnType<typeof ProxmoxEndpointSchema>>): ProfileEndpoint => ({
  name: e.name,
  url: e.url.replace(/\/$/, ''),
  tokenId: e.token_id,
  secret: e.token_secret,
  fingerprint: e.fingerprint ?? null,
  caFile: e.ca_file ?? null,
});

/**
 * A `vault://a/b/c` reference resolved on the BFF only: from `VAULT_A_B_C` or the file named by
 * `VAULT_A_B_C_FILE` (Vaultwarden's values reach the process as environment or secret files).
 */
/** The homeserver Matrix channels and bots use when they name none: MATRIX_HOMESERVER_URL, else the profile's. */
export const matrixHomeserver = (env: string | null, profile: Profile): string | null =>
  env ?? profile.matrix.homeserver?.replace(/\/$/, '') ?? null;

export function resolveVaultRef(ref: string, env: Record<string, string | undefined>): string | null {
  const name = `VAULT_${ref
    .slice('vault://'.length)
    .replace(/[^A-Za-z0-9]/g, '_')
    .toUpperCase()}`;
  if (env[name]) return env[name];
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      return null;
    }
  }
  return null;
}
