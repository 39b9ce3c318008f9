import type { Circumstance } from '../elder/circumstances';
import type { HomeVisitRefusal } from '../elder/home-visit-consent';
import { classify } from '../policy/classify';
import type { VisitMethod } from '../policy/methods';
import type { Policy } from '../policy/policy';
import type { LocalDate } from '../time/local-date';
import type { ElderRecord } from './elder-record';
import type { WithdrawnRefusal } from './home-consent-change';
import { isOverdueForReview, overdueFrom, reviewedOn } from './review';
import type { LedgerReview } from './review';

/**
 * What the service makes of an elder today, beside their form: the tier and why, whether an
 * ability assessment is owed (待评估), how visits may be made (a refusal of home visits and
 * who gave it), what switches a home visit on, and where the entry stands on its review.
 * The elder's card, the API view and the archive all show this one summary.
 */
export interface CareSummary {
  eligible: boolean;
  tier?: string | undefined;
  tierName?: string | undefined;
  reasons: string[];
  needsAssessment: boolean;
  /** consented: home visits agreed; refused: the elder or their carer said no; no_visits: no consent to visits at all. */
  homeVisits: 'consented' | 'refused' | 'no_visits';
  homeVisitRefusal?: HomeVisitRefusal | undefined;
  homeRefusalHistory?: WithdrawnRefusal[] | undefined;
  homeRequired?: boolean | undefined;
  methods?: VisitMethod[] | undefined;
  circumstances?: Circumstance[] | undefined;
  review: { last?: LedgerReview | undefined; reviewedOn?: LocalDate | undefined; overdueFrom?: LocalDate | undefined; overdue: boolean; intervalMonths: number };
}

export function careSummary(record: Pick<ElderRecord, 'profile' | 'registration' | 'status' | 'lastReview' | 'registeredOn' | 'updatedAt' | 'homeRefusalHistory'>, policy: Policy, today: LocalDate): CareSummary {
  const c = classify(record.profile, policy, today);
  const months = policy.ledgerReview.intervalMonths;
  const on = reviewedOn(record);
  const consent = record.registration.consent;
  return {
    eligible: c.eligible,
    ...(c.eligible ? { tier: c.tier, tierName: c.tierName, homeRequired: c.cadence.homeRequired, methods: c.cadence.methods } : {}),
    reasons: c.reasons,
    needsAssessment: c.eligible && c.needsAssessment === true,
    homeVisits: !consent.visits ? 'no_visits' : consent.homeVisits ? 'consented' : 'refused',
    ...(record.profile.homeVisitRefusal ? { homeVisitRefusal: record.profile.homeVisitRefusal } : {}),
    ...(record.homeRefusalHistory?.length ? { homeRefusalHistory: record.homeRefusalHistory } : {}),
    ...(record.registration.circumstances ? { circumstances: record.registration.circumstances } : {}),
    review: { last: record.lastReview, reviewedOn: on, ...(on ? { overdueFrom: overdueFrom(on, months) } : {}), overdue: isOverdueForReview(record, today, months), intervalMonths: months },
  };
}
