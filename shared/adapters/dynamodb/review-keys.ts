import type { ElderRecord } from '../../domain/ledger/elder-record';
import { reviewedOn, underReview } from '../../domain/ledger/review';

/**
 * The keys of the `reviewDue` index (sparse): elders whose entry is under review, by county, in
 * the order they were last reviewed (`<date>#<village>#<elder>`), so "reviewed before the
 * cutoff" is one Query per county that reads only the overdue entries.
 */
export function reviewKeys(record: Pick<ElderRecord, 'elderId' | 'countyCode' | 'villageCode' | 'status' | 'lastReview' | 'registeredOn' | 'updatedAt'>): { reviewCounty: string; reviewSort: string } | Record<string, never> {
  const on = reviewedOn(record);
  if (!underReview(record.status) || on === undefined) return {};
  return { reviewCounty: record.countyCode, reviewSort: reviewSort(on, record.villageCode, record.elderId) };
}

export const reviewSort = (on: string, villageCode: string, elderId: string) => `${on}#${villageCode}#${elderId}`;
