import { overdueFrom, reviewedOn } from './review';
import type { ReviewDueElder } from './review-due';

/** One overdue entry as supervisors list it: masked name, who last reviewed it, since when it is overdue. */
export interface OverdueEntry {
  elderId: string;
  maskedName: string;
  visitorId?: string | undefined;
  reviewedOn: string;
  reviewedBy?: string | undefined;
  overdueSince: string;
}

export interface OverdueVillage {
  villageCode: string;
  villageName: string;
  count: number;
  elders: OverdueEntry[];
}

/** Overdue entries grouped per village (villages in code order, entries oldest review first), at most `limit` entries listed in all. */
export function groupOverdue(entries: Iterable<ReviewDueElder>, intervalMonths: number, limit: number): { villages: OverdueVillage[]; total: number; listed: number } {
  const villages = new Map<string, OverdueVillage>();
  let total = 0;
  for (const e of entries) {
    const on = reviewedOn(e);
    if (on === undefined) continue;
    total++;
    const village = villages.get(e.villageCode) ?? { villageCode: e.villageCode, villageName: e.villageName, count: 0, elders: [] };
    villages.set(e.villageCode, village);
    village.count++;
    village.elders.push({
      elderId: e.elderId,
      maskedName: e.maskedName,
      ...(e.visitorId ? { visitorId: e.visitorId } : {}),
      reviewedOn: on,
      ...(e.lastReview ? { reviewedBy: e.lastReview.by } : {}),
      overdueSince: overdueFrom(on, intervalMonths),
    });
  }
  const sorted = [...villages.values()].sort((a, b) => a.villageCode.localeCompare(b.villageCode));
  let room = limit;
  for (const v of sorted) {
    v.elders.sort((a, b) => a.reviewedOn.localeCompare(b.reviewedOn) || a.elderId.localeCompare(b.elderId));
    v.elders = v.elders.slice(0, Math.max(0, room));
    room -= v.elders.length;
  }
  return { villages: sorted, total, listed: limit - Math.max(0, room) };
}
