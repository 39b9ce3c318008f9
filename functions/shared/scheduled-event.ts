import { z } from 'zod';

/** The payload the EventBridge Scheduler schedules send; a manual invocation may send `{}`. */
export const scheduledEventSchema = z
  .object({ trigger: z.enum(['schedule', 'manual', 'local']).default('manual') })
  .strict();
