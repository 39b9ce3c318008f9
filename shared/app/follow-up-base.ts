import type { ElderRecord } from '../domain/ledger/elder-record';
import { classify } from '../domain/policy/classify';
import { localDateOf } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { RegionRuntime } from '../config/region-config';
import type { FollowUpBase } from './open-follow-up';

/**
 * A follow-up opened from the ledger rather than from a visit's task (a later referral, a
 * device alarm): where the elder lives, and their tier today (reports count follow-ups by tier).
 * An elder the policy no longer serves keeps the policy's last tier for the count.
 */
export function followUpBaseOf(elder: Pick<ElderRecord, 'elderId' | 'profile' | 'maskedName' | 'villageCode' | 'villageName' | 'townshipCode' | 'countyCode'>, runtime: RegionRuntime, now: Instant): FollowUpBase {
  const c = classify(elder.profile, runtime.policy, localDateOf(now));
  return {
    elderId: elder.elderId,
    tier: c.eligible ? c.tier : runtime.policy.tiers[runtime.policy.tiers.length - 1]!.id,
    periodId: now.slice(0, 7),
    maskedName: elder.maskedName,
    villageCode: elder.villageCode,
    villageName: elder.villageName,
    townshipCode: elder.townshipCode,
    countyCode: elder.countyCode,
  };
}
