import type { ElderForSpecial } from '../ledger/elder-record';
import { classify } from '../policy/classify';
import type { Policy } from '../policy/policy';
import { isOverdueForReview } from '../ledger/review';
import { inPeriod } from './period';
import type { ReportPeriod } from './period';

/**
 * Ledger statistics (台账): who is on the ledger of an area at the end of a period, by category,
 * tier, ability level and status; who joined and who left during it; who has no visitor; and whose
 * registration is overdue for review (the policy's interval; 川民发〔2023〕116号 二(一)4: 每半年动态更新一次),
 * who is flagged as needing an ability assessment (待评估) and who refuses home visits.
 */
export interface LedgerStats {
  area: string;
  period: string;
  /** Every elder on the ledger of the area, whatever their status. */
  total: number;
  /** Active and consenting: the elders owed visits. */
  served: number;
  byCategory: Record<string, number>;
  /** Tier under the region's policy on the period's last day (served elders). */
  byTier: Record<string, number>;
  /** Ability level; `not_assessed` when the form has none. */
  byAbility: Record<string, number>;
  byStatus: Record<string, number>;
  /** Entered the ledger during the period. */
  joined: number;
  /** Status changed from active (moved, hospitalised, deceased, consent withdrawn) with a date in the period. */
  left: number;
  /** Served elders with no visitor assigned. */
  withoutVisitor: string[];
  /** Elders under review (not moved or deceased) last reviewed more than the policy's interval before the period's end. */
  overdueForReview: string[];
  /** The same, counted per village. */
  overdueByVillage: Record<string, number>;
  /** Served elders classed by the form rather than an assessment (待评估), e.g. 失能 ticked without an ability level. */
  needsAssessment: string[];
  /** Served elders who (or whose carer) refuse home visits: their tasks are calls or outdoor meetings. */
  homeVisitsRefused: string[];
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export type StatsElder = Pick<ElderForSpecial, 'elderId' | 'profile' | 'status' | 'consent' | 'visitorId' | 'registeredOn' | 'updatedAt'> & Partial<Pick<ElderForSpecial, 'villageCode' | 'lastReview'>>;

export function ledgerStats(elders: Iterable<StatsElder>, options: { area: string; period: Pick<ReportPeriod, 'id' | 'start' | 'end'>; policy: Policy }): LedgerStats {
  const stats: LedgerStats = {
    area: options.area,
    period: options.period.id,
    total: 0,
    served: 0,
    byCategory: {},
    byTier: {},
    byAbility: {},
    byStatus: {},
    joined: 0,
    left: 0,
    withoutVisitor: [],
    overdueForReview: [],
    overdueByVillage: {},
    needsAssessment: [],
    homeVisitsRefused: [],
  };
  for (const elder of elders) {
    // An elder who joined after the period is not on its ledger.
    if (elder.registeredOn !== undefined && elder.registeredOn > options.period.end) continue;
    stats.total++;
    const leftBy = elder.status.state !== 'active' && elder.status.since <= options.period.end;
    const state = leftBy ? elder.status.state : elder.consent.visits ? 'active' : 'consent_withdrawn';
    bump(stats.byStatus, state);
    for (const c of elder.profile.categories) bump(stats.byCategory, c);
    bump(stats.byAbility, elder.profile.abilityLevel ?? 'not_assessed');
    if (elder.registeredOn !== undefined && inPeriod(elder.registeredOn, options.period)) stats.joined++;
    if (elder.status.state !== 'active' && inPeriod(elder.status.since, options.period)) stats.left++;
    if (isOverdueForReview({ ...elder, status: { state: leftBy ? elder.status.state : 'active' } }, options.period.end, options.policy.ledgerReview.intervalMonths)) {
      stats.overdueForReview.push(elder.elderId);
      if (elder.villageCode !== undefined) bump(stats.overdueByVillage, elder.villageCode);
    }
    if (state !== 'active') continue;
    stats.served++;
    const c = classify(elder.profile, options.policy, options.period.end);
    bump(stats.byTier, c.eligible ? c.tier : 'not_eligible');
    if (elder.visitorId === undefined) stats.withoutVisitor.push(elder.elderId);
    if (c.eligible && c.needsAssessment) stats.needsAssessment.push(elder.elderId);
    if (elder.profile.homeVisitRefusal) stats.homeVisitsRefused.push(elder.elderId);
  }
  for (const list of [stats.withoutVisitor, stats.overdueForReview, stats.needsAssessment, stats.homeVisitsRefused]) list.sort();
  return stats;
}
