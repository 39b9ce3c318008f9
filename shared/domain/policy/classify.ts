import { ageOn } from '../elder/age';
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
}

export type Classification =
  | { eligible: true; tier: string; tierName: string; cadence: ResolvedCadence; reasons: string[] }
  | { eligible: false; reasons: string[] };

export function factsOf(elder: ElderProfile, asOf: LocalDate): ElderFacts {
  return {
    age: ageOn(elder.birthDate, asOf),
    categories: elder.categories,
    abilityLevel: elder.abilityLevel,
    disabilityGrade: elder.disabilityGrade,
    bedridden: elder.bedridden ?? false,
    dementia: elder.dementia ?? false,
    mobilityImpaired: elder.mobilityImpaired ?? false,
  };
}

/**
 * Decides an elder's tier under a region's policy on a date: the first rule that matches wins.
 * Age counts whole years on `asOf`, so tiers can change on a birthday without any ledger edit.
 */
export function classify(elder: ElderProfile, policy: Policy, asOf: LocalDate): Classification {
  const facts = factsOf(elder, asOf);
  const served = elder.categories.filter((c) => policy.categories.includes(c));
  if (served.length === 0) {
    return {
      eligible: false,
      reasons: [
        `none of the elder's categories (${elder.categories.map((c) => CATEGORY_NAMES_ZH[c]).join(', ')}) is served by ${policy.name}`,
      ],
    };
  }
  const index = policy.rules.findIndex((rule) => evaluate(rule.when, facts));
  // The schema guarantees the last rule always matches.
  const rule = policy.rules[index]!;
  const tier = policy.tiers.find((t) => t.id === rule.tier)!;
  const reasons = [
    `rule ${index + 1} of ${policy.rules.length} (${rule.label}): ${describe(rule.when)}`,
    `age ${facts.age} on ${asOf}; categories ${served.map((c) => CATEGORY_NAMES_ZH[c]).join(', ')}`,
  ];
  const cadence = resolveCadence(tier, facts, reasons);
  return { eligible: true, tier: tier.id, tierName: tier.name, cadence, reasons };
}

function resolveCadence(tier: Tier, facts: ElderFacts, reasons: string[]): ResolvedCadence {
  let homeRequired: boolean;
  if (typeof tier.homeRequired === 'boolean') {
    homeRequired = tier.homeRequired;
  } else {
    homeRequired = evaluate(tier.homeRequired.when, facts);
    if (homeRequired) reasons.push(`home visit required: ${tier.homeRequired.reason}`);
  }
  return {
    period: tier.cadence.period,
    visits: tier.cadence.visits,
    homeRequired,
    methods: homeRequired ? ['home'] : [...tier.countedMethods],
  };
}
