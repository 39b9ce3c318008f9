import { describe } from '../shared/domain/policy/condition';
import { PERIOD_NAMES, VISIT_METHOD_NAMES_ZH } from '../shared/domain/policy/methods';
import type { Policy } from '../shared/domain/policy/policy';
import { CATEGORY_NAMES_ZH } from '../shared/domain/elder/categories';
import { ALERT_EVENT_NAMES, ALERT_LEVEL_NAMES } from '../shared/domain/alerts';
import { FESTIVAL_NAMES } from '../shared/domain/calendar';
import { careRulesText } from './policy-care-text';
import { EVENT_TYPE_NAMES } from '../shared/domain/special/event';

/** The policy in words, for an administrator to check against the document it encodes. */
export function describePolicy(policy: Policy): string {
  const lines = [`${policy.name} (${policy.id})`, `Source: ${policy.source}`, `Serves: ${policy.categories.map((c) => CATEGORY_NAMES_ZH[c]).join('、')}`, `Visit rate measured per ${policy.visitRatePeriod}.`, '', 'Tiers:'];
  for (const tier of policy.tiers) {
    const { period, visits } = tier.cadence;
    const methods = tier.countedMethods.map((m) => VISIT_METHOD_NAMES_ZH[m]).join('/');
    const home =
      tier.homeRequired === true
        ? 'home visits (上门入户) only'
        : tier.homeRequired === false
          ? `counts ${methods}`
          : `counts ${methods}; home visit required when ${[tier.homeRequired]
              .flat()
              .map((c) => describe(c.when))
              .join('; or when ')}`;
    lines.push(`  ${tier.name} [${tier.id}]: at least ${visits} visit${visits > 1 ? 's' : ''} per ${PERIOD_NAMES[period]}; ${home}`);
  }
  lines.push('', 'Rules, first match wins:');
  policy.rules.forEach((rule, i) => {
    const tier = policy.tiers.find((t) => t.id === rule.tier)!;
    lines.push(`  ${i + 1}. ${rule.label} → ${tier.name}`, `     when ${describe(rule.when)}`);
  });
  if (policy.specialPeriods.length > 0) {
    lines.push('', 'Special periods (weather warnings, festivals, declared events), first match per elder wins:');
    policy.specialPeriods.forEach((rule, i) => {
      const on =
        rule.on.kind === 'alert'
          ? `${rule.on.events === 'any' ? 'any warning' : rule.on.events.map((e) => ALERT_EVENT_NAMES[e]).join('/')} at ${ALERT_LEVEL_NAMES[rule.on.minLevel]} or above`
          : rule.on.kind === 'event'
            ? `a declared ${rule.on.events.map((e) => EVENT_TYPE_NAMES[e]).join('/')}`
            : `${rule.on.festivals.map((f) => FESTIVAL_NAMES[f]).join('/')}${rule.on.span === 'statutory_holiday' ? ' (the whole public holiday)' : ''}`;
      const task =
        rule.task.repeat === 'daily'
          ? 'a contact every day'
          : rule.task.repeat === 'periodic'
            ? `a contact every ${rule.task.everyDays} day${rule.task.everyDays === 1 ? '' : 's'} of the event`
            : rule.on.kind === 'festival'
              ? `one visit in the ${rule.task.leadDays} days up to the day`
              : `one visit within ${rule.task.withinHours} h`;
      const how = rule.task.homeRequired ? 'at home (上门)' : rule.task.methods.map((m) => VISIT_METHOD_NAMES_ZH[m]).join('/');
      const told = [rule.notify.visitor ? 'visitor' : '', rule.notify.family ? 'family' : ''].filter(Boolean).join(' and ') || 'nobody';
      lines.push(`  ${i + 1}. ${rule.label}`, `     on ${on}, for ${rule.tiers === 'all' ? 'every tier' : rule.tiers.join(', ')}: ${task}, ${how}; SMS to ${told}`);
      const suspended = rule.whileHomeVisitsSuspended?.routineMethods;
      if (suspended) lines.push(`     where the order suspends home visits: routine home visits may be made by ${suspended.map((m) => VISIT_METHOD_NAMES_ZH[m]).join('/')} until the event ends`);
    });
  }
  lines.push(...careRulesText(policy));
  return lines.join('\n');
}
