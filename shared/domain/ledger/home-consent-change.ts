import type { HomeVisitRefusal } from '../elder/home-visit-consent';
import type { ElderRegistration } from '../elder/registration';
import type { LocalDate } from '../time/local-date';

/** A refusal of home visits that was withdrawn, kept for the elder's file. */
export interface WithdrawnRefusal extends HomeVisitRefusal {
  withdrawnOn: LocalDate;
}

/** Earlier refusals kept on a record: enough for years of changes of mind, bounded. */
const HISTORY_LIMIT = 20;

/** The refusal a form holds, if it refuses home visits. */
export function refusalOfForm(reg: Pick<ElderRegistration, 'consent'>): HomeVisitRefusal | undefined {
  return reg.consent.homeVisits ? undefined : reg.consent.homeVisitRefusal;
}

/** What a previous version of the record says about home consent (only what this module reads). */
export interface ConsentBefore {
  registration: Pick<ElderRegistration, 'consent'>;
  homeConsentChange?: 'refused' | 'restored' | undefined;
  homeRefusalHistory?: WithdrawnRefusal[] | undefined;
  version: number;
  settledVersion?: number | undefined;
}

/**
 * Whether this version starts (`refused`) or withdraws (`restored`) a refusal of home visits,
 * so the elder's open tasks follow it; an earlier change not yet settled is carried over, so an
 * interrupted save finishes it. A withdrawn refusal joins the history.
 */
export function homeConsentOf(reg: Pick<ElderRegistration, 'consent'>, previous: ConsentBefore | undefined, today: LocalDate): { homeConsentChange?: 'refused' | 'restored'; homeRefusalHistory?: WithdrawnRefusal[] } {
  if (!previous) return {};
  const before = refusalOfForm(previous.registration);
  const now = refusalOfForm(reg);
  const history = previous.homeRefusalHistory ?? [];
  const kept = before && !now ? [...history, { ...before, withdrawnOn: today }].slice(-HISTORY_LIMIT) : history;
  const unsettled = previous.settledVersion !== previous.version ? previous.homeConsentChange : undefined;
  const change = (before === undefined) !== (now === undefined) ? (now ? 'refused' : 'restored') : unsettled;
  return { ...(change ? { homeConsentChange: change } : {}), ...(kept.length > 0 ? { homeRefusalHistory: kept } : {}) };
}
