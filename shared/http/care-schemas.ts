import { z } from 'zod';

const refusal = z.object({ by: z.enum(['elder', 'carer']), carerName: z.string().optional(), on: z.string(), reason: z.string() });
const review = z.object({ on: z.string(), by: z.string(), kind: z.enum(['registered', 'updated', 'checked']), note: z.string().optional() });

/** What the service makes of an elder today (the tier, 待评估, home-visit consent, the review), as the API and the field app show it. */
export const careView = z.object({
  eligible: z.boolean(),
  tier: z.string().optional(),
  tierName: z.string().optional(),
  reasons: z.array(z.string()),
  needsAssessment: z.boolean(),
  homeVisits: z.enum(['consented', 'refused', 'no_visits']),
  homeVisitRefusal: refusal.optional(),
  homeRefusalHistory: z.array(refusal.extend({ withdrawnOn: z.string() })).optional(),
  homeRequired: z.boolean().optional(),
  methods: z.array(z.string()).optional(),
  circumstances: z.array(z.object({ kind: z.string(), since: z.string().optional() })).optional(),
  review: z.object({ last: review.optional(), reviewedOn: z.string().optional(), overdueFrom: z.string().optional(), overdue: z.boolean(), intervalMonths: z.number().int() }),
});

export const reviewAnswer = z.object({ elderId: z.string(), version: z.number().int(), lastReview: review, recorded: z.boolean() });

const overdueEntry = z.object({ elderId: z.string(), maskedName: z.string(), visitorId: z.string().optional(), reviewedOn: z.string(), reviewedBy: z.string().optional(), overdueSince: z.string() });

export const overdueAnswer = z.object({
  area: z.string(),
  asOf: z.string(),
  intervalMonths: z.number().int(),
  reviewedBefore: z.string(),
  total: z.number().int(),
  listed: z.number().int(),
  villages: z.array(z.object({ villageCode: z.string(), villageName: z.string(), count: z.number().int(), elders: z.array(overdueEntry) })),
});
