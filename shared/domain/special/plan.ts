import { levelAtLeast } from '../alerts/alert';
import type { VisitMethod } from '../policy/methods';
import type { HomeRefusalNote } from '../policy/home-refusal';
import { subjectFields } from '../task/task';
import type { Task, TaskSubject } from '../task/task';
import { addHours, endOfDay, localDateOf, startOfDay, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import { addDays, compareDates } from '../time/local-date';
import type { LocalDate } from '../time/local-date';
import type { Occasion } from './occasion';
import type { SpecialRule } from './rules';
import { eventTasks } from './event-plan';

/** An alert lasting longer than this is still served, but with daily tasks for its first month only. */
export const MAX_DAILY_TASKS = 31;

/** One extra task for one elder, before it is stored. */
export interface SpecialTaskSpec {
  /**
   * `S#<date>`: one special task per elder per day, whatever raised it, so an alert and a
   * festival on the same day give one task (the second occasion is recorded on it), and an
   * alert ingested twice adds nothing.
   */
  taskId: string;
  start: LocalDate;
  end: LocalDate;
  opensAt: Instant;
  dueAt: Instant;
  methods: VisitMethod[];
  homeRequired: boolean;
  /** Set when the elder refused home visits: the spec was made callable (see respectHomeRefusal). */
  homeRefusal?: HomeRefusalNote | undefined;
}

export interface ElderEffect {
  ruleId: string;
  ruleLabel: string;
  tasks: SpecialTaskSpec[];
  notifyVisitor: boolean;
  notifyFamily: boolean;
  /** An event whose order suspends home visits: the remote methods that complete the elder's routine home visits meanwhile. */
  remoteRoutineMethods?: VisitMethod[] | undefined;
}

export const specialTaskId = (date: LocalDate) => `S#${date}`;

/** Whether a rule's trigger fires for the occasion (event type and colour, or festival). */
export function triggers(rule: SpecialRule, occasion: Occasion): boolean {
  if (occasion.status !== 'active') return false;
  if (occasion.kind === 'alert') {
    if (rule.on.kind !== 'alert') return false;
    const eventMatches = rule.on.events === 'any' || rule.on.events.includes(occasion.alert.event);
    return eventMatches && levelAtLeast(occasion.alert.level, rule.on.minLevel);
  }
  if (occasion.kind === 'event') return rule.on.kind === 'event' && rule.on.events.includes(occasion.event.type);
  return rule.on.kind === 'festival' && rule.on.festivals.includes(occasion.festival);
}

const appliesToTier = (rule: SpecialRule, tier: string) => rule.tiers === 'all' || rule.tiers.includes(tier);

/**
 * What an occasion means for one elder of a tier: the first rule (in policy order) whose
 * trigger fires and whose tiers include the elder's decides the tasks and who is told.
 * Undefined when no rule applies. `now` only moves a window's opening forward (a task is
 * never created already overdue); task keys do not depend on it.
 */
export function effectFor(occasion: Occasion, tier: string, rules: readonly SpecialRule[], now: Instant): ElderEffect | undefined {
  const rule = rules.find((r) => triggers(r, occasion) && appliesToTier(r, tier));
  if (!rule) return undefined;
  const tasks = occasion.kind === 'alert' ? alertTasks(occasion, rule, now) : occasion.kind === 'event' ? eventTasks(occasion, rule, now) : festivalTasks(occasion, rule, now);
  const suspended = occasion.kind === 'event' && occasion.event.homeVisitsSuspended ? rule.whileHomeVisitsSuspended?.routineMethods : undefined;
  return { ruleId: rule.id, ruleLabel: rule.label, tasks, notifyVisitor: rule.notify.visitor, notifyFamily: rule.notify.family, ...(suspended ? { remoteRoutineMethods: [...suspended] } : {}) };
}

export const later = (a: Instant, b: Instant) => (toMillis(a) >= toMillis(b) ? a : b);

export function spec(rule: SpecialRule, key: LocalDate, opensAt: Instant, dueAt: Instant): SpecialTaskSpec {
  return {
    taskId: specialTaskId(key),
    start: localDateOf(opensAt),
    end: localDateOf(dueAt),
    opensAt,
    dueAt,
    methods: [...rule.task.methods],
    homeRequired: rule.task.homeRequired,
  };
}

function alertTasks(occasion: Extract<Occasion, { kind: 'alert' }>, rule: SpecialRule, now: Instant): SpecialTaskSpec[] {
  const firstDay = localDateOf(occasion.startAt);
  if (rule.task.repeat === 'once') {
    const opensAt = later(occasion.startAt, now);
    return [spec(rule, firstDay, opensAt, addHours(opensAt, rule.task.withinHours ?? 24))];
  }
  const lastDay = localDateOf(occasion.alert.expires);
  return eachDay(firstDay, lastDay)
    .filter((day) => toMillis(endOfDay(day)) > toMillis(now))
    .map((day) => spec(rule, day, later(later(startOfDay(day), occasion.startAt), now), endOfDay(day)));
}

function festivalTasks(occasion: Extract<Occasion, { kind: 'festival' }>, rule: SpecialRule, now: Instant): SpecialTaskSpec[] {
  const span = rule.on.kind === 'festival' && rule.on.span === 'statutory_holiday' && occasion.holiday?.length ? occasion.holiday : [occasion.day];
  const first = span[0]!;
  const last = span[span.length - 1]!;
  if (rule.task.repeat === 'once') {
    const opensAt = later(startOfDay(addDays(first, -rule.task.leadDays)), now);
    return toMillis(endOfDay(last)) > toMillis(now) ? [spec(rule, occasion.day, opensAt, endOfDay(last))] : [];
  }
  return eachDay(first, last)
    .filter((day) => toMillis(endOfDay(day)) > toMillis(now))
    .map((day) => spec(rule, day, later(startOfDay(day), now), endOfDay(day)));
}

function eachDay(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = from; compareDates(d, to) <= 0 && days.length < MAX_DAILY_TASKS; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The task for a special-period window, assigned to the elder's visitor if there is one. */
export function specialTask(subject: TaskSubject, tier: string, taskSpec: SpecialTaskSpec, occasion: { id: string; revision: number }, createdOn: LocalDate, at: Instant): Task {
  const occasionId = occasion.id;
  const assigned = subject.visitorId !== undefined;
  return {
    elderId: subject.elderId,
    taskId: taskSpec.taskId,
    kind: 'special',
    tier,
    periodId: taskSpec.taskId,
    slot: 1,
    of: 1,
    start: taskSpec.start,
    end: taskSpec.end,
    opensAt: taskSpec.opensAt,
    dueAt: taskSpec.dueAt,
    homeRequired: taskSpec.homeRequired,
    methods: taskSpec.methods,
    ...(taskSpec.homeRefusal ? { homeRefusal: taskSpec.homeRefusal } : {}),
    state: assigned ? 'assigned' : 'open',
    ...subjectFields(subject),
    generatedOn: createdOn,
    createdAt: at,
    occasions: [occasionId],
    history: [{ at, event: 'create', by: 'special-periods', detail: `${occasionId}${assigned ? `; visitor ${subject.visitorId}` : '; no visitor: left open'}`, occasion: { id: occasionId, revision: occasion.revision } }],
    version: 1,
  };
}

export type JoinOutcome = 'merged' | 'tightened' | 'unchanged';

/**
 * What a special task already there (from another occasion, or from this alert before an
 * update) becomes when an occasion asks for it: the occasion is recorded, and the task becomes
 * as strict as the strictest request — the earlier deadline, a home visit if either needs one —
 * so a yellow warning upgraded to red, or a festival visit overtaken by a warning, is not left
 * with the milder task. Undefined when nothing changes (a repeat) or the task is closed.
 */
export function joinOccasion(task: Task, taskSpec: SpecialTaskSpec, occasion: { id: string; revision: number }, at: Instant): { task: Task; outcome: JoinOutcome } | undefined {
  const occasionId = occasion.id;
  if (task.kind !== 'special' || !['open', 'assigned', 'missed'].includes(task.state)) return undefined;
  const known = task.occasions?.includes(occasionId) ?? false;
  const earlier = toMillis(taskSpec.dueAt) < toMillis(task.dueAt);
  const home = taskSpec.homeRequired && !task.homeRequired;
  if (known && !earlier && !home) return undefined;
  const changes: string[] = [];
  if (!known) changes.push(`also asked for by ${occasionId}`);
  if (earlier) changes.push(`due ${taskSpec.dueAt} (was ${task.dueAt})`);
  if (home) changes.push('a home visit is now required');
  return {
    outcome: earlier || home ? 'tightened' : 'merged',
    task: {
      ...task,
      occasions: known ? task.occasions : [...(task.occasions ?? []), occasionId],
      ...(earlier ? { dueAt: taskSpec.dueAt, end: taskSpec.end } : {}),
      ...(home ? { homeRequired: true, methods: ['home'] } : {}),
      history: [
        ...task.history,
        {
          at,
          event: 'occasion',
          by: 'special-periods',
          detail: changes.join('; '),
          occasion: { id: occasionId, revision: occasion.revision, ...(known ? {} : { added: true as const }), ...(earlier || home ? { tightened: true as const } : {}) },
        },
      ],
    },
  };
}
