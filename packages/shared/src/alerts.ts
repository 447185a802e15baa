import { z } from 'zod';
import { MessageSchema } from './i18n/message-schema';
import { text } from './text';

/** How long an operator may silence an alert from ralf-ui: five minutes to thirty days. */
export const SILENCE_MINUTES = { min: 5, max: 30 * 24 * 60 } as const;

/** Silence one firing alert (the one with this name on this subject) through Alertmanager (issue 21). */
export const AlertSilenceInputSchema = z
  .object({
    name: text({ min: 1, max: 200 }),
    subject: text({ max: 200 }).nullable(),
    minutes: z.number().int().min(SILENCE_MINUTES.min).max(SILENCE_MINUTES.max),
    /** Why: it stands in Alertmanager and in ralf-ui's audit trail. */
    comment: text({ trim: true, min: 1, max: 500 }),
  })
  .strict();
export type AlertSilenceInput = z.input<typeof AlertSilenceInputSchema>;

export const AlertUnsilenceInputSchema = z.object({ silenceId: text({ min: 1, max: 100 }) }).strict();

/** A firing alert that a silence in Alertmanager covers. */
export const SilencedAlertSchema = z.object({
  name: z.string(),
  subject: z.string().nullable(),
  silenceId: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});
export type SilencedAlert = z.infer<typeof SilencedAlertSchema>;

export const AlertsStateSchema = z.object({
  /** ALERTMANAGER_URL is set: alerts can be silenced. */
  alertmanager: z.boolean(),
  silenced: z.array(SilencedAlertSchema),
  /** Why the silences could not be read (Alertmanager away); null when they were. */
  error: MessageSchema.nullable(),
});
export type AlertsState = z.infer<typeof AlertsStateSchema>;
