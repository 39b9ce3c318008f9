import { refusalText } from '../elder/home-visit-consent';
import type { HomeVisitRefusal } from '../elder/home-visit-consent';
import { VISIT_METHOD_NAMES_ZH } from './methods';
import type { VisitMethod } from './methods';
import type { HomeVisitConsentRule } from './care-rules';

/**
 * A refusal of home visits as a task carries it: who refused, when and why, and what the task
 * would ask without it (restored when the refusal is withdrawn, for windows not yet open).
 */
export interface HomeRefusalNote extends HomeVisitRefusal {
  asked: { homeRequired: boolean; methods: VisitMethod[] };
}

/** The methods that complete a visit to an elder who refused home visits: the asked ones other than home, and the policy's. */
export function methodsWithoutHome(methods: readonly VisitMethod[], rule: HomeVisitConsentRule): VisitMethod[] {
  return [...new Set([...methods.filter((m) => m !== 'home'), ...rule.refusedMethods])];
}

/**
 * What a visit asks of visitors once the elder (or their carer) refused home visits: never a
 * home-only task, always one a call or an outdoor meeting completes. Undefined without a refusal.
 */
export function refusedVisit(
  asked: { homeRequired: boolean; methods: readonly VisitMethod[] },
  refusal: HomeVisitRefusal | undefined,
  rule: HomeVisitConsentRule,
): { homeRequired: false; methods: VisitMethod[]; homeRefusal: HomeRefusalNote } | undefined {
  if (!refusal) return undefined;
  return { homeRequired: false, methods: methodsWithoutHome(asked.methods, rule), homeRefusal: { ...refusal, asked: { homeRequired: asked.homeRequired, methods: [...asked.methods] } } };
}

/** The reason classification gives: 入户探访未获同意 … counted by 电话/互联网音视频/路遇/其他. */
export function refusalReason(refusal: HomeVisitRefusal, methods: readonly VisitMethod[]): string {
  return `home visits refused (入户探访未获同意): ${refusalText(refusal)}; counted by ${methods.map((m) => VISIT_METHOD_NAMES_ZH[m]).join('/')}`;
}
