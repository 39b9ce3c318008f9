import { z } from 'zod';
import { areaCodeSchema } from '../domain/elder/area-code';
import { RATE_DIMENSIONS } from '../domain/reports/visit-rate';

export const periodText = z
  .string()
  .max(10)
  .regex(/^\d{4}-(0[1-9]|1[0-2]|W\d{2}|Q[1-4])$/, 'must be a month YYYY-MM, an ISO week YYYY-Www or a quarter YYYY-Qn');

/** `by=township,tier`: the dimensions rows are split by. */
export const byList = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const parts = v.split(',').map((p) => p.trim());
    for (const p of parts) if (!(RATE_DIMENSIONS as readonly string[]).includes(p)) ctx.addIssue({ code: 'custom', message: `must list ${RATE_DIMENSIONS.join(', ')} (comma-separated); got "${p}"` });
    return parts as (typeof RATE_DIMENSIONS)[number][];
  });

export const rateRowSchema = z.object({
  area: z.string(),
  period: z.string(),
  tier: z.string().optional(),
  consent: z.enum(['home_refused', 'home_consented']).optional(),
  visitorId: z.string().optional(),
  owed: z.number().int(),
  visited: z.number().int(),
  rate: z.number().nullable(),
  target: z.number(),
  shortfall: z.number().int(),
  missed: z.number().int(),
  late: z.number().int(),
  fake: z.number().int(),
  stillOpen: z.number().int(),
  visitedEarly: z.number().int(),
  byMethod: z.record(z.string(), z.number().int()),
});

export const shortfallSchema = z.object({
  elderId: z.string(),
  taskId: z.string(),
  maskedName: z.string(),
  villageCode: z.string(),
  tier: z.string(),
  dueAt: z.string(),
  result: z.enum(['missed', 'late', 'fake']),
  visitorId: z.string().optional(),
});

export const rateAnswerSchema = z.object({
  area: z.string(),
  visitorId: z.string().optional(),
  period: z.string(),
  asOf: z.string(),
  total: rateRowSchema,
  rows: z.array(rateRowSchema),
  shortfalls: z.array(shortfallSchema),
});

export const areaQuery = z.object({ area: areaCodeSchema, period: periodText }).strict();
