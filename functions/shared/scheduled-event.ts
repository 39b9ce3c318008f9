import { z } from 'zod';

/** The payload the EventBridge Scheduler schedules send (`deadline`: a one-time wake-up); a manual invocation may send `{}`. */
export const scheduledEventSchema = z.object({ trigger: z.enum(['schedule', 'deadline', 'manual', 'local']).default('manual') }).strict();
