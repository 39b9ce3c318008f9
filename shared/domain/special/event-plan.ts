import { addHours, endOfDay, localDateOf, startOfDay, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import { addDays, minDate } from '../time/local-date';
import type { EventOccasion } from './occasion';
import { later, MAX_DAILY_TASKS, spec } from './plan';
import type { SpecialTaskSpec } from './plan';
import type { SpecialRule } from './rules';

/**
 * The extra contacts a declared event asks of one elder: `once` is one visit within the rule's
 * hours of the event's start (a disaster: go and see); `periodic` is a contact in every run of
 * `everyDays` days from the first day to the last (封控期间加大远程探访频次: every day, or every
 * other day), the last run cut at the event's end. Windows already over are not made.
 */
export function eventTasks(occasion: EventOccasion, rule: SpecialRule, now: Instant): SpecialTaskSpec[] {
  const { from, to } = occasion.event;
  if (toMillis(endOfDay(to)) <= toMillis(now)) return [];
  if (rule.task.repeat !== 'periodic') {
    const opensAt = later(occasion.startAt, now);
    return [spec(rule, localDateOf(occasion.startAt), opensAt, addHours(opensAt, rule.task.withinHours ?? 24))];
  }
  const every = rule.task.everyDays ?? 1;
  const tasks: SpecialTaskSpec[] = [];
  for (let day = from; day <= to && tasks.length < MAX_DAILY_TASKS; day = addDays(day, every)) {
    const last = minDate(addDays(day, every - 1), to);
    if (toMillis(endOfDay(last)) <= toMillis(now)) continue;
    tasks.push(spec(rule, day, later(later(startOfDay(day), occasion.startAt), now), endOfDay(last)));
  }
  return tasks;
}
