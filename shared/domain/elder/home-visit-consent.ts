import { z } from 'zod';
import { isoDateSchema } from './age';
import type { LocalDate } from '../time/local-date';
import { zhParams } from '../validation';

/**
 * 入户探访要征得老年人或其赡养人同意 (济民字〔2023〕29号 四(一)2): a home visit needs the consent of
 * the elder or of the carer who supports them (赡养人). A refusal is recorded with who said no,
 * when and why, so the visitor knows why to call instead and a supervisor can tell a refusal
 * from a visit never made.
 */
export const REFUSED_BY = ['elder', 'carer'] as const;
export type RefusedBy = (typeof REFUSED_BY)[number];

export const REFUSED_BY_ZH: Record<RefusedBy, string> = { elder: '本人', carer: '赡养人' };

export interface HomeVisitRefusal {
  by: RefusedBy;
  /** The carer who refused (when `by` is `carer`). */
  carerName?: string | undefined;
  on: LocalDate;
  reason: string;
}

/** The refusal's schema, built from the form's own name and text rules (so a ledger cell reads it back). */
export function homeVisitRefusalSchema(name: z.ZodType<string>, reason: z.ZodType<string>) {
  return z
    .object({ by: z.enum(REFUSED_BY), carerName: name.optional(), on: isoDateSchema, reason })
    .strict()
    .superRefine((r, ctx) => {
      if (r.by === 'carer' && r.carerName === undefined)
        ctx.addIssue({ code: 'custom', path: ['carerName'], message: 'name the carer (赡养人) who refused home visits', ...zhParams('carer_name_required', '由赡养人拒绝入户时，须填写赡养人姓名') });
      if (r.by === 'elder' && r.carerName !== undefined)
        ctx.addIssue({ code: 'custom', path: ['carerName'], message: 'is only for a refusal by the carer (赡养人)', ...zhParams('carer_name_not_allowed', '只有赡养人拒绝入户时才填写赡养人姓名；本人拒绝的请不填') });
    });
}

/** The form's consent rules about home visits, as issues on `consent.…` paths. */
export function homeConsentIssues(consent: { visits: boolean; homeVisits: boolean; homeVisitRefusal?: HomeVisitRefusal | undefined }): ({ path: (string | number)[]; message: string } & ReturnType<typeof zhParams>)[] {
  if (consent.homeVisits && consent.homeVisitRefusal)
    return [{ path: ['consent', 'homeVisitRefusal'], message: 'must be left out while home visits are agreed (是否同意入户: 是)', ...zhParams('refusal_while_consented', '已同意入户（是否同意入户：是）时，不能填写拒绝入户信息') }];
  if (consent.visits && !consent.homeVisits && !consent.homeVisitRefusal) {
    return [
      {
        path: ['consent', 'homeVisitRefusal'],
        message: 'record who refused home visits (本人 or 赡养人), when and why: 入户探访要征得老年人或其赡养人同意',
        ...zhParams('refusal_required', '不同意入户时，须登记由谁拒绝（本人或赡养人）、拒绝日期和原因：入户探访要征得老年人或其赡养人同意'),
      },
    ];
  }
  return [];
}

/** A refusal in words: 赡养人李明于2026-09-01不同意入户（担心打扰老人休息）. */
export function refusalText(r: HomeVisitRefusal): string {
  return `${r.by === 'carer' ? `赡养人${r.carerName ?? ''}` : '本人'}于${r.on}不同意入户（${r.reason}）`;
}
