import { findInChain } from '../domain/escalation/chain';
import type { Person } from '../domain/people/person';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import type { Task } from '../domain/task/task';
import { addHours, localDateOf, toInstant } from '../domain/time/instant';
import { emergencyReasons, unansweredNeeds } from '../domain/visit/findings';
import type { VisitRecord } from '../domain/visit/visit-form';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, ElderRepository, Outbox, PersonRepository, TaskRepository } from '../ports';
import { PeopleDirectory } from './people-directory';
import { deliveryWatch, smsContent } from './sms-message';

export interface FollowUpDeps {
  tasks: TaskRepository;
  elders: ElderRepository;
  people: PersonRepository;
  outbox: Outbox;
  clock: Clock;
  runtime: RegionRuntime;
}

export interface FollowUpResult {
  emergency: string[];
  unansweredNeeds: string[];
  urgentSms: number;
  /** The owner was told a 跟踪回访 was opened (once; a resubmission queues nothing). */
  ownerNotified: boolean;
  followUp?: Task | undefined;
}

/**
 * After a visit: an emergency or unsafe finding sends urgent SMS at once (quiet hours do not
 * apply) to the elder's emergency contacts, the village liaison and the township instructor,
 * and opens a follow-up (跟踪回访) for the township with its own deadline; a need without a
 * measure opens one too. Every id is derived from the visit, so a resubmission adds nothing.
 */
export async function raiseFollowUps(deps: FollowUpDeps, visit: VisitRecord, task: Task): Promise<FollowUpResult> {
  const reasons = emergencyReasons(visit);
  const needs = unansweredNeeds(visit);
  const result: FollowUpResult = { emergency: reasons, unansweredNeeds: needs.map((n) => n.description), urgentSms: 0, ownerNotified: false };
  if (reasons.length === 0 && needs.length === 0) return result;

  const now = toInstant(deps.clock.now());
  const { config } = deps.runtime;
  const chain = await new PeopleDirectory(deps.people).chainFor(task.villageCode);
  const liaison = findInChain(task.villageCode, 'liaison', chain);
  const instructor = findInChain(task.villageCode, 'instructor', chain);

  if (reasons.length > 0) {
    const elder = await deps.elders.get(task.elderId);
    const contacts = elder?.registration.emergencyContacts ?? [];
    const family = smsContent(config.sms, 'emergency_family', { elder: task.maskedName });
    const staff = smsContent(config.sms, 'emergency_staff', { village: task.villageName, elder: task.maskedName });
    const sends = [
      ...contacts.map((c, i) => ({ id: `contact${i + 1}`, phone: c.phone, content: family })),
      ...[liaison, instructor].filter((p): p is Person => p !== undefined).map((p) => ({ id: p.personId, phone: p.phone, content: staff })),
    ];
    for (const send of sends) {
      const queued = await deps.outbox.enqueue({
        messageId: `emergency#${visit.visitId}#${send.id}`,
        ...send.content,
        urgent: true,
        recipientId: send.id,
        phone: send.phone,
        createdAt: now,
        sendAfter: now,
        taskRefs: [`${task.elderId}#${task.taskId}`],
        ...deliveryWatch(config.sms, { template: send.content.template, urgent: true, createdAt: now }),
      });
      if (queued === 'queued') result.urgentSms++;
    }
  }

  const owner = instructor ?? liaison;
  const dueAt = addHours(now, config.escalation.followUpHours);
  const why = [...reasons, ...needs.map((n) => `need without a measure: ${n.description}`)].join('; ');
  const followUp: Task = {
    ...task,
    taskId: `F#${visit.visitId}`,
    kind: 'follow_up',
    followUpCause: reasons.length > 0 ? 'emergency' : 'unanswered_need',
    periodId: task.periodId,
    slot: 0,
    of: 0,
    start: localDateOf(now),
    end: localDateOf(dueAt),
    opensAt: now,
    dueAt,
    homeRequired: false,
    methods: ['home', 'phone', 'video', 'other'],
    state: owner ? 'assigned' : 'open',
    visitorId: owner?.personId,
    generatedOn: localDateOf(now),
    createdAt: now,
    completedAt: undefined,
    late: undefined,
    visitId: undefined,
    closedReason: undefined,
    escalation: undefined,
    urgent: reasons.length > 0,
    history: [{ at: now, event: 'create', by: visit.visitorId, detail: `跟踪回访 after visit ${visit.visitId}: ${why}` }],
    version: 1,
  };
  await deps.tasks.createIfAbsent(followUp);
  result.followUp = followUp;
  if (owner) {
    // The owner hears of the task itself (due date, where); after an emergency they also had the urgent SMS.
    const queued = await deps.outbox.enqueue({
      messageId: `followup#${visit.visitId}`,
      ...smsContent(config.sms, 'follow_up', { village: task.villageName, elder: task.maskedName, dueDate: followUp.end }),
      urgent: false,
      recipientId: owner.personId,
      phone: owner.phone,
      createdAt: now,
      sendAfter: sendAfterFor(now, config.sms.quietHours, false),
      taskRefs: [`${followUp.elderId}#${followUp.taskId}`],
    });
    result.ownerNotified = queued === 'queued';
  }
  return result;
}
