import { z } from 'zod';
import { VISIT_METHODS } from '../policy/methods';
import type { VisitFlag } from './verification';

/** 无变化 / 较好 / 较差 */
const change = z.enum(['no_change', 'better', 'worse']);
/** 安全 / 较安全 / 不安全 */
const safety = z.enum(['safe', 'fairly_safe', 'unsafe']);
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

/**
 * The visit record (探访关爱服务记录表), as the Sichuan and Fujian forms define it.
 * Needs found (服务需求) and the measures taken for them are matched one to one: 闭环管理.
 */
export const visitFormSchema = z
  .object({
    /** Chosen by the device that records the visit, so a resubmission is recognised, not doubled. */
    visitId: id,
    elderId: id,
    taskId: z.string().min(1).max(64),
    visitorId: id,
    visitedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with offset, e.g. 2026-11-23T10:30:00+08:00' }),
    method: z.enum(VISIT_METHODS),
    /** Home visits: arrival and departure as the phone recorded them (electronic visit verification). */
    checkIn: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with offset' }).optional(),
    checkOut: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with offset' }).optional(),
    /** Where the phone was at check-in, when it could tell (WGS-84 / GCJ-02 as the app reports it). */
    location: z
      .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), accuracyMeters: z.number().min(0).max(100_000).optional() })
      .strict()
      .optional(),
    /** 家庭人口: 无变化 / 增加 n 人 / 减少 n 人 */
    household: z
      .object({ change: z.enum(['none', 'increase', 'decrease']), count: z.number().int().min(1).max(20).optional() })
      .strict()
      .refine((h) => (h.change === 'none') === (h.count === undefined), {
        message: 'count is required when the household grew or shrank, and absent when it did not',
        path: ['count'],
      }),
    health: z
      .object({
        expression: change,
        mobility: change,
        /** 疾病状况: 无变化 / 严重 (疾病名称) / 转好 */
        illness: z
          .object({ status: z.enum(['no_change', 'serious', 'better']), disease: text(100).optional() })
          .strict()
          .refine((i) => i.status !== 'serious' || i.disease !== undefined, {
            message: 'name the disease when the illness is serious (疾病名称)',
            path: ['disease'],
          }),
      })
      .strict(),
    mood: change,
    safety: z.object({ gas: safety, waterHeating: safety, electricity: safety }).strict(),
    hygiene: z.object({ personal: change, home: change }).strict(),
    indoorEnvironment: change,
    /** 关爱服务情况 */
    servicesGiven: z.array(text(200)).max(20).default([]),
    /** 老年人服务需求 */
    needs: z
      .array(z.object({ needId: id, description: text(200) }).strict())
      .max(20)
      .default([]),
    /** 帮扶措施, each answering one need: planned, under way, done, or referred (转介) to another service. */
    measures: z
      .array(z.object({ needId: id, description: text(200), status: z.enum(['planned', 'in_progress', 'done', 'referred']) }).strict())
      .max(20)
      .default([]),
    /** 实施关爱服务建议 */
    suggestions: text(500).optional(),
    /** 老年人服务满意度评价 */
    satisfaction: z.enum(['very_satisfied', 'satisfied', 'neutral', 'dissatisfied', 'not_given']),
    signatures: z.object({ visitor: z.boolean(), elder: z.boolean() }).strict(),
    /** 应急处置: an emergency found on the visit and what was done. */
    emergency: z
      .object({ description: text(500), actions: z.array(text(200)).min(1) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((form, ctx) => {
    if (form.checkIn && form.checkOut && Date.parse(form.checkOut) < Date.parse(form.checkIn)) {
      ctx.addIssue({ code: 'custom', path: ['checkOut'], message: 'must not be before checkIn' });
    }
    const needIds = form.needs.map((n) => n.needId);
    form.measures.forEach((m, i) => {
      if (!needIds.includes(m.needId)) {
        ctx.addIssue({ code: 'custom', path: ['measures', i, 'needId'], message: `answers need "${m.needId}", which this record does not list` });
      }
    });
    needIds.forEach((needId, i) => {
      if (needIds.indexOf(needId) !== i) ctx.addIssue({ code: 'custom', path: ['needs', i, 'needId'], message: `need "${needId}" is listed twice` });
    });
  });

export type VisitForm = z.infer<typeof visitFormSchema>;
export type VisitFormInput = z.input<typeof visitFormSchema>;

/** A stored visit: the form plus what the system decided about it. */
export interface VisitRecord extends VisitForm {
  /** 第N次开展探访关爱: the elder's Nth recorded visit. */
  sequence: number;
  recordedAt: string;
  /** Whether the visit completed its task, and why not when it did not. */
  counted: boolean;
  /** Made after the window closed: it completed the task late. */
  late?: boolean | undefined;
  notCountedReason?: string | undefined;
  /** Signs of a fake visit (不探访假探访): shown to supervisors, counted in reports, never a rejection. */
  flags?: VisitFlag[] | undefined;
  /** Where the visit was (from its task), so lists by area need no second read. */
  villageCode?: string | undefined;
  villageName?: string | undefined;
  maskedName?: string | undefined;
  /** A supervisor's verdict on the visit (抽查 or flag review); `fake` stops it counting. */
  review?: VisitReview | undefined;
}

/** 确认属实 / 认定虚假: who judged a visit, how, when, and by which means. */
export interface VisitReview {
  verdict: 'genuine' | 'fake';
  by: string;
  at: string;
  /** flag_review: a supervisor looked at a flagged visit; spot_check: an instructor called the elder or family (抽查). */
  source: 'flag_review' | 'spot_check';
  note?: string | undefined;
}
