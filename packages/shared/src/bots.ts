import { MessageSchema } from './i18n/message-schema';
import { z } from 'zod';

/** A bot's health (seed: "Matrix- & Synapse-Bots", issue 8), always with the reason in words. */
export const BOT_STATES = ['healthy', 'degraded', 'down', 'unknown'] as const;
export const BotStateSchema = z.enum(BOT_STATES);
export type BotState = z.infer<typeof BotStateSchema>;

export const BotStatusSchema = z.object({
  id: z.string(),
  userId: z.string(),
  room: z.string(),
  state: BotStateSchema,
  reason: MessageSchema,
  homeserver: z.boolean().nullable(),
  appservice: z.boolean().nullable(),
  joined: z.boolean().nullable(),
  lastMessageAt: z.string().nullable(),
  checkedAt: z.string().nullable(),
});
export type BotStatus = z.infer<typeof BotStatusSchema>;

export const BotsSchema = z.object({
  source: z.enum(['matrix', 'demo-lab', 'none']),
  homeserver: z.string().nullable(),
  bots: z.array(BotStatusSchema),
});
export type Bots = z.infer<typeof BotsSchema>;
