import type { PlannedPeriod } from '../cadence/plan';
import type { VisitWindow } from '../cadence/windows';
import type { VisitMethod } from '../policy/methods';
import type { HomeRefusalNote } from '../policy/home-refusal';
import type { Instant } from '../time/instant';
import type { LocalDate } from '../time/local-date';
import type { EscalationState } from '../escalation/step';
import type { HistoryEntry, TaskState } from './lifecycle';
import type { VisitFlagKind } from '../visit/verification';
import type { WindowOutcome } from './outcome';

/** 探访任务: one required visit to one elder within one window. */
export interface Task {
  elderId: string;
  /** Unique within the elder: `<periodId>#<slot>`. */
  taskId: string;
  /**
   * routine: a cadence window; follow_up: 跟踪回访 after an emergency or an unanswered need;
   * special: an extra visit for a weather warning or a festival (特殊时间节点).
   */
  kind: 'routine' | 'follow_up' | 'special';
  tier: string;
  periodId: string;
  slot: number;
  of: number;
  start: LocalDate;
  end: LocalDate;
  opensAt: Instant;
  dueAt: Instant;
  homeRequired: boolean;
  methods: VisitMethod[];
  /** The elder or their carer refused home visits (入户探访要征得同意): who, when, why; a call or an outdoor meeting completes the task. */
  homeRefusal?: HomeRefusalNote | undefined;
  state: TaskState;
  visitorId?: string | undefined;
  /** 张*华: the only form of the elder's name a task carries. */
  maskedName: string;
  villageCode: string;
  /** 村/社区 name, as shown in SMS. */
  villageName: string;
  townshipCode: string;
  countyCode: string;
  generatedOn: LocalDate;
  createdAt: Instant;
  completedAt?: Instant | undefined;
  /** Completed after the window closed: escalation ended, but the visit rate counts it as missed. */
  late?: boolean | undefined;
  visitId?: string | undefined;
  closedReason?: string | undefined;
  history: HistoryEntry[];
  /** Where the task stands on its escalation ladder once overdue. */
  escalation?: EscalationState | undefined;
  /** Fake-visit flags of the visit that completed the task (counted in visit-rate reports). */
  visitFlags?: VisitFlagKind[] | undefined;
  /** Special tasks: the occasions (alerts, festivals) that asked for this visit. */
  occasions?: string[] | undefined;
  /** Routine windows: what the visit rate counts, fixed when the window closes or a visit completes it in time. */
  outcome?: WindowOutcome | undefined;
  /** Visits judged fake on review or spot check (不探访假探访) that had completed this task. */
  fakeVisits?: string[] | undefined;
  /** Follow-ups: what opened it — an emergency or unsafe finding, a need left without a measure, a referral (转介), a smart-device alarm. */
  followUpCause?: FollowUpCause | undefined;
  /** Follow-ups: the referred measures (`<needKey>/<measureId>`) or the device incident it checks. */
  followUpOf?: string[] | undefined;
  /** Follow-ups: which round of checking this is (1 first; an unresolved outcome opens the next). */
  followUpRound?: number | undefined;
  /** Follow-ups: what the owner found (跟踪回访记录), recorded once. */
  followUpOutcome?: FollowUpOutcome | undefined;
  /** Follow-ups found unresolved: the next round's task id. */
  followUpNext?: string | undefined;
  /** An emergency's follow-up: escalated to supervisors at once, not in the next digest window. */
  urgent?: boolean | undefined;
  /**
   * 家属已确认联系: when the family first replied `1` to a notice about this task (they have
   * contacted the elder). Recorded for the archive and reports; it is not a visit and never
   * completes the task.
   */
  familyConfirmedAt?: Instant | undefined;
  /** Held by a colleague covering a leave (代班): handed back to `for` the morning after the leave. */
  cover?: { for: string; leaveId: string } | undefined;
  /** Home visits suspended by an order (封控): until `until`, these remote methods complete it too. */
  remote?: { occasionId: string; until: Instant; methods: VisitMethod[] } | undefined;
  version: number;
}

export type FollowUpCause = 'emergency' | 'unanswered_need' | 'referral' | 'device_alarm';

/** 跟踪回访记录: how the owner followed up, what they found, when. */
export interface FollowUpOutcome {
  by: string;
  at: Instant;
  method: VisitMethod;
  outcome: 'resolved' | 'unresolved';
  note: string;
}

/** What visit-rate reports read of a task. */
export type TaskSummary = Pick<
  Task,
  | 'elderId'
  | 'taskId'
  | 'state'
  | 'late'
  | 'tier'
  | 'kind'
  | 'end'
  | 'opensAt'
  | 'dueAt'
  | 'completedAt'
  | 'visitorId'
  | 'villageCode'
  | 'maskedName'
  | 'escalation'
  | 'occasions'
  | 'visitFlags'
  | 'visitId'
  | 'outcome'
  | 'fakeVisits'
  | 'followUpCause'
  | 'familyConfirmedAt'
  | 'homeRefusal'
>;

/** Where an elder lives and who visits them, as the task needs it. */
export interface TaskSubject {
  elderId: string;
  maskedName: string;
  villageCode: string;
  villageName: string;
  townshipCode: string;
  countyCode: string;
  visitorId?: string | undefined;
}

/** The subject's fields a task carries (where the elder lives, who visits). */
export function subjectFields(subject: TaskSubject): Pick<Task, 'visitorId' | 'maskedName' | 'villageCode' | 'villageName' | 'townshipCode' | 'countyCode'> {
  return {
    visitorId: subject.visitorId,
    maskedName: subject.maskedName,
    villageCode: subject.villageCode,
    villageName: subject.villageName,
    townshipCode: subject.townshipCode,
    countyCode: subject.countyCode,
  };
}

export function taskIdOf(window: Pick<VisitWindow, 'periodId' | 'slot'>): string {
  return `${window.periodId}#${window.slot}`;
}

/** The task for a window: assigned to the elder's visitor if there is one, else open. */
export function taskFromWindow(subject: TaskSubject, planned: PlannedPeriod, window: VisitWindow, generatedOn: LocalDate, at: Instant): Task {
  const assigned = subject.visitorId !== undefined;
  return {
    elderId: subject.elderId,
    taskId: taskIdOf(window),
    kind: 'routine',
    tier: planned.tier,
    periodId: window.periodId,
    slot: window.slot,
    of: window.of,
    start: window.start,
    end: window.end,
    opensAt: window.opensAt,
    dueAt: window.dueAt,
    homeRequired: planned.cadence.homeRequired,
    methods: planned.cadence.methods,
    ...(planned.cadence.homeRefusal ? { homeRefusal: planned.cadence.homeRefusal } : {}),
    state: assigned ? 'assigned' : 'open',
    ...subjectFields(subject),
    generatedOn,
    createdAt: at,
    history: [{ at, event: 'create', by: 'generate-tasks', detail: assigned ? `visitor ${subject.visitorId}` : 'no visitor: left open' }],
    version: 1,
  };
}
