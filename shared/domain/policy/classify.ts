import { ageOn } from '../elder/age';
import { daysBetween } from '../time/local-date';
import { refusalReason, refusedVisit } from './home-refusal';
import type { HomeRefusalNote } from './home-refusal';
import { CATEGORY_NAMES_ZH } from '../elder/categories';
import type { ElderProfile } from '../elder/profile';
import type { LocalDate } from '../time/local-date';
import { describe, evaluate } from './condition';
import type { ElderFacts } from './condition';
import type { VisitMethod, Period } from './methods';
import type { Policy, Tier } from './policy';

/** What a tier asks of visitors for one elder. */
export interface ResolvedCadence {
  period: Period;
  visits: number;
  homeRequired: boolean;
  /** Methods that count towards the cadence for this elder. */
  methods: VisitMethod[];
  /** The elder or their carer refused home visits: who, when, why, and what the tier asks otherwise. */
  homeRefusal?: HomeRefusalNote | undefined;
}

export type Classification = { eligible: true; tier: string; tierName: string; cadence: ResolvedCadence; reasons: string[]; needsAssessment?: true | undefined } | { eligible: false; reasons: string[] };

export function factsOf(elder: ElderProfile, asOf: LocalDate): ElderFacts {
  return {
    age: ageOn(elder.birthDate, asOf),
    categories: elder.categories,
    abilityLevel: elder.abilityLevel,
    disabilityGrade: elder.disabilityGrade,
    bedridden: elder.bedridden ?? false,
    dementia: elder.dementia ?? false,
    mobilityImpaired: elder.mobilityImpaired ?? false,
    economicStatus: elder.economicStatus,
    circumstances: (elder.circumstances ?? []).map((c) => ({ kind: c.kind, daysSince: c.since === undefined ? undefined : daysBetween(c.since, asOf) })),
  };
}

/**
 * Decides an elder's tier under a region's policy on a date: the first rule that matches wins.
 * Age counts whole years on `asOf`, so tiers can change on a birthday without any ledger edit.
 */
export function classify(elder: ElderProfile, policy: Policy, asOf: LocalDate): Classification {
  const facts = factsOf(elder, asOf);
  if (facts.age < policy.minimumAge) {
    return { eligible: false, reasons: [`aged ${facts.age} on ${asOf}: ${policy.name} serves elders aged ${policy.minimumAge} or over (老年人: ${policy.minimumAge}周岁以上)`] };
  }
  const served = elder.categories.filter((c) => policy.categories.includes(c));
  if (served.length === 0) {
    return {
      eligible: false,
      reasons: [`none of the elder's categories (${elder.categories.map((c) => CATEGORY_NAMES_ZH[c]).join(', ')}) is served by ${policy.name}`],
    };
  }
  const index = policy.rules.findIndex((rule) => evaluate(rule.when, facts));
  // The schema guarantees the last rule always matches.
  const rule = policy.rules[index]!;
  const tier = policy.tiers.find((t) => t.id === rule.tier)!;
  const reasons = [`rule ${index + 1} of ${policy.rules.length} (${rule.label}): ${describe(rule.when)}`, `age ${facts.age} on ${asOf}; categories ${served.map((c) => CATEGORY_NAMES_ZH[c]).join(', ')}`];
  const needsAssessment = policy.needsAssessment !== undefined && evaluate(policy.needsAssessment.when, facts);
  if (needsAssessment) reasons.push(`needs assessment (待评估): ${policy.needsAssessment!.label}`);
  const asked = resolveCadence(tier, facts, reasons);
  const refused = refusedVisit(asked, elder.homeVisitRefusal, policy.homeVisitConsent);
  if (refused) reasons.push(refusalReason(refused.homeRefusal, refused.methods));
  const cadence = refused ? { ...asked, ...refused } : asked;
  return { eligible: true, tier: tier.id, tierName: tier.name, cadence, reasons, ...(needsAssessment ? { needsAssessment: true as const } : {}) };
}

function resolveCadence(tier: Tier, facts: ElderFacts, reasons: string[]): ResolvedCadence {
  let homeRequired: boolean;
  if (typeof tier.homeRequired === 'boolean') {
    homeRequired = tier.homeRequired;
  } else {
    // Every condition that holds is named: the visitor and the office see why the visit is at home.
    const holding = [tier.homeRequired].flat().filter((c) => evaluate(c.when, facts));
    for (const c of holding) reasons.push(`home visit required: ${c.reason}`);
    homeRequired = holding.length > 0;
  }
  return {
    period: tier.cadence.period,
    visits: tier.cadence.visits,
    homeRequired,
    methods: homeRequired ? ['home'] : [...tier.countedMethods],
  };
}
