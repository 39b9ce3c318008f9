import { z } from 'zod';
import { isoDateSchema } from './age';
import { ABILITY_LEVELS, ECONOMIC_STATUSES, ELDER_CATEGORIES } from './categories';
import { circumstancesSchema } from './circumstances';
import { homeVisitRefusalSchema } from './home-visit-consent';

export const elderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');

export const categoriesSchema = z
  .array(z.enum(ELDER_CATEGORIES))
  .min(1, 'a special-difficulty elder belongs to at least one category')
  .refine((c) => new Set(c).size === c.length, { message: 'lists a category twice' });

/** What classification needs of an elder: the facts the seeds' tier rules look at. */
export const elderProfileSchema = z
  .object({
    id: elderIdSchema,
    birthDate: isoDateSchema,
    categories: categoriesSchema,
    /** Absent: not assessed (未评估). */
    abilityLevel: z.enum(ABILITY_LEVELS).optional(),
    disabilityGrade: z.number().int().min(1, 'disability grades run 1–4').max(4, 'disability grades run 1–4').optional(),
    bedridden: z.boolean().optional(),
    dementia: z.boolean().optional(),
    mobilityImpaired: z.boolean().optional(),
    /** 特困 / 低保 / 低保边缘 / none: a policy may ask home visits for elders in hardship. */
    economicStatus: z.enum(ECONOMIC_STATUSES).optional(),
    circumstances: circumstancesSchema.optional(),
    /** Present while the elder (or their carer) refuses home visits: tasks a call or an outdoor meeting completes. */
    homeVisitRefusal: homeVisitRefusalSchema(z.string().trim().min(1).max(30), z.string().trim().min(1).max(100)).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.categories.includes('severe_disability') && p.disabilityGrade !== undefined && p.disabilityGrade > 2) {
      ctx.addIssue({ code: 'custom', path: ['disabilityGrade'], message: 'severe disability (重残) means certificate grade 1 or 2' });
    }
  });

export type ElderProfile = z.infer<typeof elderProfileSchema>;
