import { z } from 'zod';
import { MessageSchema } from './i18n/message-schema';
import { text } from './text';
import { EventIdSchema } from './ids';

/**
 * The installer profile's `scheduler` section (seed: "Loop-Vorlagen & Trigger", DESIGN.md §6):
 * each loop with its runtime, template, triggers (cron with a time zone, or a timer as an ISO
 * 8601 duration or plain seconds), inputs, outputs and phases.
 */
const LoopIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'input.loopId');

export const LoopTriggerSchema = z.union([
  z.object({ cron: text({ min: 9, max: 100 }), timezone: text({ min: 1, max: 64 }).default('UTC') }).strict(),
  z
    .object({
      timer: z.union([
        z
          .number()
          .int()
          .min(1)
          .max(31 * 86_400),
        z
          .string()
          .regex(
            /^(\d+|P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$/,
            'an ISO 8601 duration such as PT15M, or seconds such as 3600',
          ),
      ]),
    })
    .strict(),
]);
export type LoopTrigger = z.infer<typeof LoopTriggerSchema>;

export const LoopDefinitionSchema = z
  .object({
    id: LoopIdSchema,
    name: text({ min: 1, max: 120 }),
    runtime: z.enum(['n8n', 'foreman']),
    template: text({ min: 1, max: 300 }),
    triggers: z.array(LoopTriggerSchema).min(1).max(10),
    inputs: z
      .array(text({ min: 1, max: 200 }))
      .max(30)
      .default([]),
    outputs: z
      .array(text({ min: 1, max: 200 }))
      .max(30)
      .default([]),
    /**
     * The phases as agents report them; a phase may carry its words in both languages (the seed
     * names them in German), `{ de, en }`, and agents report either (issue 18).
     */
    phases: z
      .array(
        z.union([
          text({ min: 1, max: 200 }),
          z.object({ de: text({ min: 1, max: 200 }), en: text({ min: 1, max: 200 }) }).strict(),
        ]),
      )
      .min(1)
      .max(20),
  })
  .strict();
export type LoopDefinition = z.infer<typeof LoopDefinitionSchema>;

export const LOOP_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export const LoopRunStatusSchema = z.enum(LOOP_RUN_STATUSES);
export type LoopRunStatus = z.infer<typeof LoopRunStatusSchema>;

export const LoopRunSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: LoopRunStatusSchema,
  phase: z.string().nullable(),
  failedPhase: z.string().nullable(),
  /** Started while the loop was paused: the agent did not look, or started anyway. */
  startedWhilePaused: z.boolean(),
  trigger: z.string(),
});
export type LoopRun = z.infer<typeof LoopRunSchema>;

/** ok; overdue (no run within its period plus a grace); missed (two periods): red; never (no run yet); paused. */
export const LoopHealthSchema = z.enum(['ok', 'overdue', 'missed', 'never', 'paused']);
export type LoopHealth = z.infer<typeof LoopHealthSchema>;

export const LoopSchema = LoopDefinitionSchema.extend({
  /** The triggers in words, e.g. "every 5 minutes (*\/5 * * * *, Europe/Berlin)". */
  triggerText: z.array(MessageSchema),
  periodSeconds: z.number().int(),
  paused: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable(),
  lastRun: LoopRunSchema.nullable(),
  current: LoopRunSchema.nullable(),
  nextRunAt: z.string().nullable(),
  health: LoopHealthSchema,
  healthReason: MessageSchema,
  runs: z.array(LoopRunSchema),
});
export type Loop = z.infer<typeof LoopSchema>;

/** `POST /api/ingest/v1/loops`: a loop's runs as they go (started, a phase reached, finished). */
export const LoopEventsBodySchema = z
  .object({
    events: z
      .array(
        z
          .object({
            id: EventIdSchema,
            loopId: LoopIdSchema,
            runId: EventIdSchema,
            type: z.enum(['started', 'phase', 'finished']),
            at: z.iso.datetime({ offset: true }),
            phase: text({ min: 1, max: 200 }).optional(),
            status: z.enum(['succeeded', 'failed']).optional(),
            trigger: text({ max: 100 }).optional(),
          })
          .strict()
          .refine((e) => e.type !== 'finished' || e.status, {
            message: 'a finished run says whether it succeeded or failed',
            path: ['status'],
          })
          .refine((e) => e.type !== 'phase' || e.phase, { message: 'a phase event names the phase', path: ['phase'] }),
      )
      .min(1)
      .max(200),
  })
  .strict();
export type LoopEventsBody = z.infer<typeof LoopEventsBodySchema>;

export const LoopControlInputSchema = z
  .object({ id: LoopIdSchema, reason: text({ trim: true, min: 3, max: 500, minMessage: 'input.reasonNeeded' }) })
  .strict();
export const LoopRunNowInputSchema = z.object({ id: LoopIdSchema }).strict();

/** `ok` counts loops on schedule only: one with no run yet is `never`, not on schedule (issue 26). */
export const LoopsSummarySchema = z.object({
  total: z.number().int(),
  ok: z.number().int(),
  never: z.number().int(),
  overdue: z.number().int(),
  missed: z.number().int(),
  paused: z.number().int(),
  running: z.number().int(),
});
export type LoopsSummary = z.infer<typeof LoopsSummarySchema>;

export type LoopPhase = LoopDefinition['phases'][number];

/** A phase in a language: its own words if it has them, else as written. */
export const phaseText = (p: LoopPhase, lang: 'de' | 'en'): string => (typeof p === 'string' ? p : p[lang]);

/** Whether an agent's reported phase is this one (in either language). */
export const isPhase = (p: LoopPhase, reported: string): boolean =>
  typeof p === 'string' ? p === reported : p.de === reported || p.en === reported;

/** A phase an agent reported, in the reader's language when the loop knows it. */
export const phaseLabel = (phases: readonly LoopPhase[], reported: string, lang: 'de' | 'en'): string => {
  const p = phases.find((x) => isPhase(x, reported));
  return p ? phaseText(p, lang) : reported;
};
