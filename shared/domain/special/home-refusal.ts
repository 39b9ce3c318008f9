import type { ResolvedCadence } from '../policy/classify';
import { refusedVisit } from '../policy/home-refusal';
import type { HomeVisitConsentRule } from '../policy/care-rules';
import type { ElderEffect } from './plan';

/**
 * A weather or festival rule that asks for a home visit still needs the elder's consent: for an
 * elder who (or whose carer) refused home visits, each extra task becomes one a call or an
 * outdoor meeting completes, carrying the refusal (入户探访要征得老年人或其赡养人同意).
 */
export function respectHomeRefusal(effect: ElderEffect | undefined, cadence: Pick<ResolvedCadence, 'homeRefusal'>, rule: HomeVisitConsentRule): ElderEffect | undefined {
  const refusal = cadence.homeRefusal;
  if (!effect || !refusal) return effect;
  const { asked: _asked, ...said } = refusal;
  return { ...effect, tasks: effect.tasks.map((spec) => ({ ...spec, ...refusedVisit(spec, said, rule)! })) };
}
