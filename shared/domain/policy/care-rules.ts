import { z } from 'zod';
import { VISIT_METHODS } from './methods';
import { zhParams } from '../validation';

/**
 * Who the service is for and how the ledger stays current, as policy data: the minimum age,
 * what completes a visit when home visits are refused, and how often each entry is reviewed.
 */

/** 老年人: citizens aged 60 and over (中华人民共和国老年人权益保障法 第二条); every seed serves 老年人. */
export const DEFAULT_MINIMUM_AGE = 60;

export const minimumAgeSchema = z.number().int().min(50, 'at least 50').max(100, 'at most 100').default(DEFAULT_MINIMUM_AGE);

/** What counts when an elder or their carer refuses home visits: a call, or meeting them outdoors (路遇, other contact). */
export const DEFAULT_REFUSED_METHODS = ['phone', 'video', 'on_the_way', 'other'] as const;

export const homeVisitConsentSchema = z
  .object({
    /** Methods that complete a task of an elder who refused home visits (besides the tier's own methods other than home). */
    refusedMethods: z
      .array(z.enum(VISIT_METHODS))
      .min(1, 'name at least one method that is not a home visit')
      .refine((m) => !m.includes('home'), { message: 'must not include "home": the elder refused home visits', ...zhParams('refused_methods_home', '不能包含入户探访（home）：这些是老人拒绝入户时可用的探访方式') })
      .refine((m) => new Set(m).size === m.length, { message: 'lists a method twice', ...zhParams('method_repeated', '同一探访方式填写了两次') }),
    /** The clause the rule comes from. */
    source: z.string().min(1),
  })
  .strict()
  .default({ refusedMethods: [...DEFAULT_REFUSED_METHODS], source: '济民字〔2023〕29号 四(一)2 入户探访要征得老年人或其赡养人同意' });
export type HomeVisitConsentRule = z.infer<typeof homeVisitConsentSchema>;

export const ledgerReviewSchema = z
  .object({
    /** An entry not reviewed (or updated) for longer than this is overdue (每半年动态更新一次: 6). */
    intervalMonths: z.number().int().min(1, 'at least 1 month').max(24, 'at most 24 months'),
    source: z.string().min(1),
  })
  .strict()
  .default({ intervalMonths: 6, source: '川民发〔2023〕116号 二(一)4 建立服务台账，且每半年动态更新一次' });
export type LedgerReviewRule = z.infer<typeof ledgerReviewSchema>;
