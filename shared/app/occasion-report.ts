import type { RegionRuntime } from '../config/region-config';
import type { Clock, DeadlineScheduler, ElderRepository, LeaveRepository, OccasionParts, OccasionStore, Outbox, PersonRepository } from '../ports';
import type { OccasionTasks } from './occasion-elder';

export interface ApplyOccasionDeps {
  occasions: OccasionStore;
  occasionParts: OccasionParts;
  elders: Pick<ElderRepository, 'pageInArea'>;
  tasks: OccasionTasks;
  people: Pick<PersonRepository, 'getMany' | 'get'>;
  /** Visitors' leaves: an extra task due on a leave's day goes to the cover. */
  leaves?: Pick<LeaveRepository, 'forVisitor'> | undefined;
  outbox: Outbox;
  clock: Clock;
  runtime: RegionRuntime;
  /** Writes in flight at once. */
  concurrency?: number;
  /** Elders read per page of a part (the byCounty Query's limit). */
  pageSize?: number | undefined;
  deadlines?: DeadlineScheduler | undefined; // wakes escalation at the extra tasks' deadlines (the poll is the net)
}

export interface ApplyOccasionReport {
  occasionId: string;
  status: 'active' | 'cancelled' | 'unknown';
  /** Served elders in the occasion's areas whose tier a rule covers. */
  elders: number;
  eldersByRule: Record<string, number>;
  tasksCreated: number;
  /** Already there from another occasion the same day: the occasion is recorded on it, no second task. */
  tasksMerged: number;
  /** Already there from an earlier apply of this occasion (a repeat or an update). */
  tasksExisting: number;
  /** Made stricter (an earlier deadline, a home visit) by an upgrade or another occasion. */
  tasksTightened: number;
  tasksCancelled: number;
  visitorNotices: number;
  familyNotices: number;
  /** Notices already queued by an earlier apply: one message per recipient per occasion. */
  noticesExisting: number;
  noticeSegments: number;
  /** Alert areas outside this deployment's counties. */
  outsideAreas: string[];
  /** Routine home-visit tasks an event's order made remote-countable (or, on its cancel, home-only again). */
  routineSuspended: number;
  /** Parts (area scopes) the application was split into, and whether its revision is now recorded as applied. */
  parts: number;
  completed: boolean;
}

export function emptyOccasionReport(occasionId: string): ApplyOccasionReport {
  return {
    occasionId,
    status: 'unknown',
    elders: 0,
    eldersByRule: {},
    tasksCreated: 0,
    tasksMerged: 0,
    tasksExisting: 0,
    tasksTightened: 0,
    tasksCancelled: 0,
    visitorNotices: 0,
    familyNotices: 0,
    noticesExisting: 0,
    noticeSegments: 0,
    outsideAreas: [],
    routineSuspended: 0,
    parts: 0,
    completed: false,
  };
}

const SUMMED = ['elders', 'tasksCreated', 'tasksMerged', 'tasksExisting', 'tasksTightened', 'tasksCancelled', 'visitorNotices', 'familyNotices', 'noticesExisting', 'noticeSegments', 'routineSuspended'] as const;

/** Adds a part's chunk to the application's report. */
export function addOccasionReport(into: ApplyOccasionReport, chunk: ApplyOccasionReport): void {
  for (const k of SUMMED) into[k] += chunk[k];
  for (const [rule, n] of Object.entries(chunk.eldersByRule)) into.eldersByRule[rule] = (into.eldersByRule[rule] ?? 0) + n;
  if (chunk.status !== 'unknown') into.status = chunk.status;
  into.completed ||= chunk.completed;
}
