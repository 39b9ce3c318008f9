import { FESTIVAL_NAMES } from '../domain/calendar/festivals';
import { EVENT_TYPE_NAMES } from '../domain/special/event';
import type { Occasion } from '../domain/special/occasion';
import type { AreaScope } from '../domain/special/areas';
import { inAlertArea, scopesFor } from '../domain/special/areas';
import { liftSuspension, suspendHomeVisits } from '../domain/special/suspension';
import { hazardGroupOf, warningWord, weatherFamilyId, weatherVisitorId } from '../domain/sms/catalogue';
import type { VisitMethod } from '../domain/policy/methods';
import type { Instant } from '../domain/time/instant';
import type { TaskRepository } from '../ports';
import { changeTask } from './task-writes';

/** The areas an occasion reaches: an alert's or an event's codes (some may lie outside), a festival the whole deployment. */
export function occasionScopes(occasion: Occasion, counties: readonly string[]): { scopes: AreaScope[]; outside: string[] } {
  if (occasion.kind === 'alert') return scopesFor(occasion.alert.areaCodes, counties);
  if (occasion.kind === 'event') return scopesFor(occasion.event.areaCodes, counties);
  return { scopes: counties.map((county) => ({ county })), outside: [] };
}

/** Whether an elder's village lies in the occasion's areas (a Query by township reads a little wider). */
export function inOccasionArea(occasion: Occasion, villageCode: string): boolean {
  if (occasion.kind === 'alert') return inAlertArea(villageCode, occasion.alert.areaCodes);
  if (occasion.kind === 'event') return inAlertArea(villageCode, occasion.event.areaCodes);
  return true;
}

/** The registered templates for an occasion's notices, and the values both share (which warning, until when; which festival; which event). */
export function noticeTemplates(occasion: Occasion): { visitor: string; family: string; values: Record<string, string> } {
  if (occasion.kind === 'festival') return { visitor: 'festival_visitor', family: 'festival_family', values: { festival: FESTIVAL_NAMES[occasion.festival], day: occasion.day } };
  if (occasion.kind === 'event') return { visitor: 'event_visitor', family: 'event_family', values: { event: EVENT_TYPE_NAMES[occasion.event.type], until: occasion.event.to } };
  const group = hazardGroupOf(occasion.alert.event);
  return { visitor: weatherVisitorId(group), family: weatherFamilyId(group), values: { warning: warningWord(occasion.alert.event, occasion.alert.level), until: occasion.alert.expires } };
}

/**
 * An event that suspends home visits marks the elder's routine home-visit tasks in its dates
 * remote-countable until it ends (a cancel ends that now). Version-checked and idempotent: a
 * repeat finds each task already marked. Returns how many tasks this call changed.
 */
export async function applySuspension(tasks: Pick<TaskRepository, 'forElder' | 'get' | 'update'>, elderId: string, occasion: Occasion, methods: readonly VisitMethod[] | undefined, now: Instant): Promise<number> {
  if (occasion.kind !== 'event') return 0;
  const cancelled = occasion.status === 'cancelled';
  if (!cancelled && (!methods || !occasion.event.homeVisitsSuspended)) return 0;
  let changed = 0;
  for (const task of await tasks.forElder(elderId)) {
    const next = await changeTask(tasks, task, (t) => (cancelled ? liftSuspension(t, occasion.occasionId, now) : suspendHomeVisits(t, occasion, methods!, now)));
    if (next) changed++;
  }
  return changed;
}
