import { describe } from '../shared/domain/policy/condition';
import { VISIT_METHOD_NAMES_ZH } from '../shared/domain/policy/methods';
import type { Policy } from '../shared/domain/policy/policy';

/** Who is served, what a refusal of home visits changes, when home visits are required and how often the ledger is reviewed, in words. */
export function careRulesText(policy: Policy): string[] {
  const lines = ['', 'Who is an elder:', `  Registration is refused below age ${policy.minimumAge} (老年人: ${policy.minimumAge}周岁以上), at the API, the ledger import and the CLI; a stored elder under it is not classified.`];
  if (policy.needsAssessment) {
    lines.push(`  Needs assessment (待评估) when ${describe(policy.needsAssessment.when)}: ${policy.needsAssessment.label}.`, '  The flag shows on the elder, in the ledger statistics and in the archive until an ability level is recorded.');
  } else {
    lines.push('  No elder is flagged as needing assessment: every tier rule reads an assessed level or a stated fact.');
  }
  lines.push('', 'When a home visit is required:');
  for (const tier of policy.tiers) {
    if (tier.homeRequired === true) lines.push(`  ${tier.name}: always.`);
    else if (tier.homeRequired === false) lines.push(`  ${tier.name}: never required; any counted method will do.`);
    else for (const c of [tier.homeRequired].flat()) lines.push(`  ${tier.name}: when ${describe(c.when)} — ${c.reason}`);
  }
  const methods = policy.homeVisitConsent.refusedMethods.map((m) => VISIT_METHOD_NAMES_ZH[m]).join('/');
  lines.push(
    '',
    `Consent to home visits (${policy.homeVisitConsent.source}):`,
    '  An elder or their carer (赡养人) who refuses home visits is recorded with who refused, when and why.',
    `  Their tasks are never home-only: ${methods} (and the tier's other methods) complete them, routine and special alike;`,
    '  open home-only tasks become so at once. A withdrawn refusal restores home visits from the next window; an open window keeps its task.',
    '  Visit rates split them apart (by=consent).',
    '',
    `Ledger review (${policy.ledgerReview.source}):`,
    `  Every entry is reviewed at least every ${policy.ledgerReview.intervalMonths} months: a saved change counts, and so does a review recorded without one.`,
    '  Entries past the interval are listed per village, counted in the ledger statistics, and their village liaison gets a monthly SMS (ledger_review_reminder).',
  );
  return lines;
}
