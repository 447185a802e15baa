import { z } from 'zod';
import type { MessageParams } from './format';
import type { Message } from './messages';

const Nested: z.ZodType<Message> = z.lazy(() => MessageSchema);
const ParamSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string()),
  Nested,
  z.array(Nested),
]);

/** A message on the wire (issue 18): its code and parameters, which may be messages themselves. */
export const MessageParamsSchema: z.ZodType<MessageParams> = z.record(z.string(), ParamSchema);
export const MessageSchema: z.ZodType<Message> = z.object({ code: z.string(), params: MessageParamsSchema });
