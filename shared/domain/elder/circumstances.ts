import { z } from 'zod';
import { isoDateSchema } from './age';
import type { LocalDate } from '../time/local-date';
import { zhParams } from '../validation';

/**
 * What, besides health and ability, makes a home visit the right one (济民字〔2023〕29号 四(一)2):
 * 入户探访适用于健康状况欠佳…以及生活存在困难或受家庭变故、突发自然灾害、事故灾害、公共卫生事件等影响的老年人.
 * Recorded on the registration form; the region's policy says which of them switch the home
 * requirement on, and for how long after the dated ones.
 */
export const CIRCUMSTANCE_KINDS = ['poor_health', 'hardship', 'family_change', 'disaster', 'public_health_event'] as const;
export type CircumstanceKind = (typeof CIRCUMSTANCE_KINDS)[number];

export const CIRCUMSTANCE_NAMES_ZH: Record<CircumstanceKind, string> = {
  poor_health: '健康状况欠佳',
  hardship: '经济困难',
  family_change: '家庭变故',
  disaster: '遭遇灾害',
  public_health_event: '公共卫生事件',
};

/** An event has a day it happened: its effect on visits lasts a while after it (the policy says how long). */
export const DATED_CIRCUMSTANCES: readonly CircumstanceKind[] = ['family_change', 'disaster', 'public_health_event'];

export interface Circumstance {
  kind: CircumstanceKind;
  /** The day it began or happened; required for events (家庭变故, 遭遇灾害, 公共卫生事件). */
  since?: LocalDate | undefined;
}

export const circumstancesSchema = z
  .array(z.object({ kind: z.enum(CIRCUMSTANCE_KINDS), since: isoDateSchema.optional() }).strict())
  .max(CIRCUMSTANCE_KINDS.length)
  .superRefine((list, ctx) => {
    list.forEach((c, i) => {
      if (list.findIndex((o) => o.kind === c.kind) !== i)
        ctx.addIssue({ code: 'custom', path: [i, 'kind'], message: `lists ${CIRCUMSTANCE_NAMES_ZH[c.kind]} twice`, ...zhParams('circumstance_repeated', `${CIRCUMSTANCE_NAMES_ZH[c.kind]}填写了两次，每种情况只填一次`) });
      if (DATED_CIRCUMSTANCES.includes(c.kind) && c.since === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'since'],
          message: `${CIRCUMSTANCE_NAMES_ZH[c.kind]} needs the date it happened (YYYY-MM-DD)`,
          ...zhParams('circumstance_date_required', `${CIRCUMSTANCE_NAMES_ZH[c.kind]}须填写发生日期（YYYY-MM-DD）`),
        });
    });
  });

/** `家庭变故:2026-09-01`, `健康状况欠佳`. */
export function circumstanceText(c: Circumstance): string {
  return c.since ? `${CIRCUMSTANCE_NAMES_ZH[c.kind]}:${c.since}` : CIRCUMSTANCE_NAMES_ZH[c.kind];
}
