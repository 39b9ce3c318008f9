import { needsFromVisit, referredMeasures } from '../domain/care/need';
import type { Task } from '../domain/task/task';
import { toInstant } from '../domain/time/instant';
import { emergencyReasons, unansweredNeeds } from '../domain/visit/findings';
import type { VisitRecord } from '../domain/visit/visit-form';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, ElderRepository, NeedRepository, Outbox, PersonRepository, TaskRepository } from '../ports';
import { openFollowUp } from './open-follow-up';
import { raiseUrgent, villageStaff } from './urgent';

export interface FollowUpDeps {
  tasks: TaskRepository;
  elders: ElderRepository;
  people: PersonRepository;
  outbox: Outbox;
  needs: NeedRepository;
  clock: Clock;
  runtime: RegionRuntime;
}

export interface FollowUpResult {
  emergency: string[];
  unansweredNeeds: string[];
  /** Measures referred (转介) to another service on the visit: the follow-up checks they happened. */
  referrals: string[];
  urgentSms: number;
  /** The owner was told a 跟踪回访 was opened (once; a resubmission queues nothing). */
  ownerNotified: boolean;
  followUp?: Task | undefined;
}

/**
 * After a visit: an emergency or unsafe finding sends urgent SMS at once (quiet hours do not
 * apply) to the elder's emergency contacts, the village liaison and the township instructor,
 * and opens a follow-up (跟踪回访) for the township with its own deadline; a need without a
 * measure, or a measure referred to another service (转介服务落实情况进行跟踪回访), opens one
 * too. Every id is derived from the visit, so a resubmission adds nothing.
 */
export async function raiseFollowUps(deps: FollowUpDeps, visit: VisitRecord, task: Task): Promise<FollowUpResult> {
  const reasons = emergencyReasons(visit);
  const needs = unansweredNeeds(visit);
  const referrals = referredMeasures(needsFromVisit(visit, task, visit.recordedAt));
  const result: FollowUpResult = { emergency: reasons, unansweredNeeds: needs.map((n) => n.description), referrals, urgentSms: 0, ownerNotified: false };
  if (reasons.length === 0 && needs.length === 0 && referrals.length === 0) return result;

  const now = toInstant(deps.clock.now());
  let staff;
  if (reasons.length > 0) {
    const urgent = await raiseUrgent(
      deps,
      task,
      {
        idPrefix: `emergency#${visit.visitId}`,
        family: { template: 'emergency_family', values: { elder: task.maskedName } },
        staff: { template: 'emergency_staff', values: { village: task.villageName, elder: task.maskedName } },
        taskRefs: [`${task.elderId}#${task.taskId}`],
      },
      now,
    );
    result.urgentSms = urgent.urgentSms;
    staff = urgent;
  } else {
    staff = await villageStaff(deps.people, task.villageCode);
  }

  const why = [...reasons, ...needs.map((n) => `need without a measure: ${n.description}`), ...visit.measures.filter((m) => m.status === 'referred').map((m) => `referred: ${m.description}`)].join('; ');
  const opened = await openFollowUp(
    deps,
    task,
    {
      taskId: `F#${visit.visitId}`,
      cause: reasons.length > 0 ? 'emergency' : referrals.length > 0 ? 'referral' : 'unanswered_need',
      why: `after visit ${visit.visitId}: ${why}`,
      by: visit.visitorId,
      urgent: reasons.length > 0,
      followUpOf: referrals,
      owner: staff.instructor ?? staff.liaison,
    },
    now,
  );
  result.followUp = opened.followUp;
  result.ownerNotified = opened.ownerNotified;
  return result;
}
