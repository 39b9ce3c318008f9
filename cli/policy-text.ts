import { describe } from '../shared/domain/policy/condition';
import { PERIOD_NAMES, VISIT_METHOD_NAMES_ZH } from '../shared/domain/policy/methods';
import type { Policy } from '../shared/domain/policy/policy';
import { CATEGORY_NAMES_ZH } from '../shared/domain/elder/categories';

/** The policy in words, for an administrator to check against the document it encodes. */
export function describePolicy(policy: Policy): string {
  const lines = [
    `${policy.name} (${policy.id})`,
    `Source: ${policy.source}`,
    `Serves: ${policy.categories.map((c) => CATEGORY_NAMES_ZH[c]).join('、')}`,
    `Visit rate measured per ${policy.visitRatePeriod}.`,
    '',
    'Tiers:',
  ];
  for (const tier of policy.tiers) {
    const { period, visits } = tier.cadence;
    const methods = tier.countedMethods.map((m) => VISIT_METHOD_NAMES_ZH[m]).join('/');
    const home =
      tier.homeRequired === true
        ? 'home visits (上门入户) only'
        : tier.homeRequired === false
          ? `counts ${methods}`
          : `counts ${methods}; home visit required when ${describe(tier.homeRequired.when)}`;
    lines.push(`  ${tier.name} [${tier.id}]: at least ${visits} visit${visits > 1 ? 's' : ''} per ${PERIOD_NAMES[period]}; ${home}`);
  }
  lines.push('', 'Rules, first match wins:');
  policy.rules.forEach((rule, i) => {
    const tier = policy.tiers.find((t) => t.id === rule.tier)!;
    lines.push(`  ${i + 1}. ${rule.label} → ${tier.name}`, `     when ${describe(rule.when)}`);
  });
  return lines.join('\n');
}
