import { addDays, daysInMonth } from '../time/local-date';
import type { LocalDate } from '../time/local-date';
import type { ElderStatus } from './elder-record';

/**
 * The ledger stays current (每半年动态更新一次; 不填报乱填报): every entry is reviewed within the
 * policy's interval. A saved change of the form is a review by whoever saved it; a liaison who
 * checked an entry and found nothing to change records a review alone (`checked`).
 */
export const REVIEW_KINDS = ['registered', 'updated', 'checked'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export const REVIEW_KIND_ZH: Record<ReviewKind, string> = { registered: '登记', updated: '更新', checked: '核实无变化' };

export interface LedgerReview {
  on: LocalDate;
  /** The person (roster id) who reviewed; `office` for the office's own tools (the CLI, the local runner). */
  by: string;
  kind: ReviewKind;
  note?: string | undefined;
}

/** Who writes when no person is named (the office's own tools act for the whole deployment). */
export const OFFICE = 'office';

/** The same day of the month `months` later (or earlier), or the month's last day when it has fewer days. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** What a review reads of an elder: the last review, or for entries older than reviews, when they were entered or last written. */
export type Reviewable = { lastReview?: LedgerReview | undefined; registeredOn?: LocalDate | undefined; updatedAt?: string | undefined };

/** The day the entry was last reviewed (or, before reviews were recorded, last written). */
export function reviewedOn(elder: Reviewable): LocalDate | undefined {
  return elder.lastReview?.on ?? elder.updatedAt?.slice(0, 10) ?? elder.registeredOn;
}

/** The last day an entry may have been reviewed and not be overdue on `today`: reviewed before it, it is overdue. */
export function reviewCutoff(today: LocalDate, intervalMonths: number): LocalDate {
  return addMonths(today, -intervalMonths);
}

/** The first day an entry reviewed on `reviewed` is overdue. */
export function overdueFrom(reviewed: LocalDate, intervalMonths: number): LocalDate {
  // The cutoff of that day must pass the review: the day after the review plus the interval (month ends clamp).
  let day = addMonths(reviewed, intervalMonths);
  while (reviewCutoff(day, intervalMonths) <= reviewed) day = addDays(day, 1);
  return day;
}

/** Moved and deceased elders' entries are closed: nothing to review. Everyone else's stays under review. */
export function underReview(status: Pick<ElderStatus, 'state'>): boolean {
  return status.state !== 'moved' && status.state !== 'deceased';
}

export function isOverdueForReview(elder: Reviewable & { status: Pick<ElderStatus, 'state'> }, today: LocalDate, intervalMonths: number): boolean {
  const on = reviewedOn(elder);
  return underReview(elder.status) && on !== undefined && on < reviewCutoff(today, intervalMonths);
}

/** The review a saved change of the form is: by whoever saved it (the office's tools: `office`), on the day it was saved. */
export function savedReview(at: string, by: { personId: string } | undefined, created: boolean): LedgerReview {
  return { on: at.slice(0, 10), by: by?.personId ?? OFFICE, kind: created ? 'registered' : 'updated' };
}
