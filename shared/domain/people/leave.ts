import { z } from 'zod';
import { isoDateSchema } from '../elder/age';
import { servesVillage, visitorProblem } from '../access/access';
import type { Person } from './person';
import { addDays, daysBetween } from '../time/local-date';
import type { LocalDate } from '../time/local-date';
import type { Instant } from '../time/instant';
import type { FieldIssue } from '../validation';

/**
 * A visitor's leave (请假) with the colleague who covers (代班). Tasks due on the leave's days,
 * and their SMS, go to the cover; the tasks the cover still holds when the leave ends go back
 * to the visitor the next morning. A leave without a cover leaves those tasks with nobody, and
 * the village liaison is told to assign them.
 */
export interface Leave {
  /** The first day, `YYYY-MM-DD`: a visitor has at most one leave starting on a day. */
  leaveId: string;
  visitorId: string;
  from: LocalDate;
  /** The last day away, inclusive. */
  to: LocalDate;
  coverId?: string | undefined;
  reason?: string | undefined;
  recordedBy: string;
  recordedAt: Instant;
  /** Set when the cover's remaining tasks were handed back (the morning after `to`). */
  returnedAt?: Instant | undefined;
}

/** A visitor's leaves in one item, version-checked. */
export interface LeaveBook {
  visitorId: string;
  leaves: Leave[];
  /** 0 when nothing is stored yet. */
  version: number;
}

/** The longest leave one record may hold; a longer absence is a roster change (mark the visitor inactive). */
export const MAX_LEAVE_DAYS = 92;
/** How far back a leave may be recorded (a visitor fell ill on Monday, the office records it on Wednesday). */
export const MAX_BACKDATE_DAYS = 14;

export const leaveRequestSchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    coverId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -')
      .optional(),
    reason: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters').optional(),
  })
  .strict();
export type LeaveRequest = z.infer<typeof leaveRequestSchema>;

const issue = (field: string, code: string, rule: string, message: string): FieldIssue => ({ field, rule, code, message });

/**
 * Why a cover may not stand in for a visitor, or undefined when they may: the cover must be an
 * active visitor (not the visitor themself) who serves the visitor's whole area, since every
 * elder the visitor serves must be in reach (a village visitor serves their township's villages).
 */
export function coverProblem(cover: Pick<Person, 'personId' | 'roles' | 'areaCode' | 'active'> | undefined, visitor: Pick<Person, 'personId' | 'areaCode'>): FieldIssue | undefined {
  if (cover?.personId === visitor.personId) return issue('coverId', 'cover_is_visitor', 'must be another visitor than the one on leave', '代班人员不能是请假人员本人');
  if (!cover) return issue('coverId', 'cover_unknown', 'names nobody on the roster', '代班人员不在人员名册中');
  if (!cover.active) return issue('coverId', 'cover_inactive', `${cover.personId} is no longer active`, `代班人员${cover.personId}已停用`);
  if (!cover.roles.includes('visitor')) return issue('coverId', 'cover_not_visitor', `${cover.personId} is not a visitor (探访人员)`, `代班人员${cover.personId}不是探访人员`);
  if (!servesVillage(cover.areaCode, visitor.areaCode))
    return issue(
      'coverId',
      'cover_outside_area',
      `${cover.personId} works in area ${cover.areaCode}, which does not serve area ${visitor.areaCode} of ${visitor.personId}`,
      `代班人员${cover.personId}的服务区域${cover.areaCode}不包含请假人员的服务区域${visitor.areaCode}`,
    );
  return undefined;
}

/** What is wrong with a leave asked for on `today`, each with its field (dates, length, overlap, the cover). */
export function leaveProblems(
  request: LeaveRequest,
  visitor: Pick<Person, 'personId' | 'areaCode'>,
  cover: Pick<Person, 'personId' | 'roles' | 'areaCode' | 'active'> | undefined,
  existing: readonly Leave[],
  today: LocalDate,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (request.to < request.from) issues.push(issue('to', 'leave_dates_reversed', `must not be before from (${request.from})`, `结束日期不能早于开始日期（${request.from}）`));
  else if (daysBetween(request.from, request.to) + 1 > MAX_LEAVE_DAYS)
    issues.push(issue('to', 'leave_too_long', `a leave lasts at most ${MAX_LEAVE_DAYS} days; a longer absence is a roster change (mark the visitor inactive)`, `请假最长${MAX_LEAVE_DAYS}天；更长时间请在人员名册中停用该探访人员`));
  if (request.to < today) issues.push(issue('to', 'leave_in_past', `has passed (${request.to}; today ${today}): a leave that is over moves nothing`, `请假已结束（${request.to}，今天${today}），无需登记`));
  if (request.from < addDays(today, -MAX_BACKDATE_DAYS)) issues.push(issue('from', 'leave_backdated', `may be at most ${MAX_BACKDATE_DAYS} days ago`, `开始日期最多可补登${MAX_BACKDATE_DAYS}天前`));
  const clash = existing.find((l) => l.leaveId !== request.from && l.from <= request.to && request.from <= l.to);
  if (clash) issues.push(issue('from', 'leave_overlaps', `overlaps the leave ${clash.from}–${clash.to} already recorded`, `与已登记的请假（${clash.from}至${clash.to}）重叠`));
  if (request.coverId !== undefined) {
    const problem = coverProblem(cover, visitor);
    if (problem) issues.push(problem);
  }
  return issues;
}

/** The leave a visitor is on for a day, if any. */
export function leaveOn(leaves: readonly Leave[], day: LocalDate): Leave | undefined {
  return leaves.find((l) => l.from <= day && day <= l.to);
}

/** Who takes a task of a visitor due on a day. */
export type Assignee =
  | { visitorId: string; cover?: { for: string; leaveId: string } | undefined }
  /** Nobody can: the task is left open and the village liaison is told. */
  | { visitorId: undefined; unassigned: 'inactive' | 'on_leave' | 'cover_unavailable' };

/**
 * Who does a task the elder's visitor would get, due on `due`: the visitor; their cover when
 * the day falls in a leave with a cover who can serve the village; nobody when the visitor is
 * inactive or away without a usable cover.
 */
export function assigneeFor(visitor: Pick<Person, 'personId' | 'active'> | undefined, leaves: readonly Leave[], cover: Pick<Person, 'personId' | 'roles' | 'areaCode' | 'active'> | undefined, villageCode: string, due: LocalDate): Assignee {
  const leave = leaveOn(leaves, due);
  if (leave?.coverId !== undefined) {
    if (cover && cover.personId === leave.coverId && visitorProblem(cover, villageCode) === undefined) return { visitorId: cover.personId, cover: { for: leave.visitorId, leaveId: leave.leaveId } };
    return { visitorId: undefined, unassigned: 'cover_unavailable' };
  }
  if (!visitor || !visitor.active) return { visitorId: undefined, unassigned: 'inactive' };
  if (leave) return { visitorId: undefined, unassigned: 'on_leave' };
  return { visitorId: visitor.personId };
}

/** The day after the earliest leave whose cover still holds tasks to hand back, or undefined. */
export function nextReturnOn(leaves: readonly Leave[]): LocalDate | undefined {
  const pending = leaves.filter((l) => l.returnedAt === undefined && l.coverId !== undefined).map((l) => addDays(l.to, 1));
  return pending.sort()[0];
}
