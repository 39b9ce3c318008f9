import type { Person } from '../domain/people/person';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import type { FollowUpCause, Task } from '../domain/task/task';
import { addHours, localDateOf } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { RegionRuntime } from '../config/region-config';
import type { Outbox, TaskRepository } from '../ports';
import { smsContent } from './sms-message';

export interface OpenFollowUpDeps {
  tasks: TaskRepository;
  outbox: Outbox;
  runtime: RegionRuntime;
}

/** What a follow-up task is opened from: where the elder lives and their tier (copied from a task or the ledger). */
export type FollowUpBase = Pick<Task, 'elderId' | 'tier' | 'periodId' | 'maskedName' | 'villageCode' | 'villageName' | 'townshipCode' | 'countyCode'>;

export interface FollowUpSpec {
  taskId: string;
  cause: FollowUpCause;
  /** Why, in words, for the history. */
  why: string;
  /** Who opened it (a visitor, a supervisor, `device-alarm`). */
  by: string;
  /** An emergency's or alarm's follow-up is escalated at once, not in the next digest window. */
  urgent: boolean;
  followUpOf?: string[] | undefined;
  round?: number | undefined;
  /** The owner: the township instructor, else the village liaison (none: left open and escalated). */
  owner: Person | undefined;
}

/**
 * Opens a follow-up (跟踪回访) for the township with its own deadline (`followUpHours`), once
 * per id, and tells its owner where and by when (`follow_up`, not urgent: it waits for
 * morning). Returns the task as stored; `ownerNotified` only the first time.
 */
export async function openFollowUp(deps: OpenFollowUpDeps, base: FollowUpBase, spec: FollowUpSpec, now: Instant): Promise<{ followUp: Task; created: boolean; ownerNotified: boolean }> {
  const { config } = deps.runtime;
  const dueAt = addHours(now, config.escalation.followUpHours);
  const draft: Task = {
    elderId: base.elderId,
    taskId: spec.taskId,
    kind: 'follow_up',
    followUpCause: spec.cause,
    ...(spec.followUpOf?.length ? { followUpOf: spec.followUpOf } : {}),
    followUpRound: spec.round ?? 1,
    tier: base.tier,
    periodId: base.periodId,
    slot: 0,
    of: 0,
    start: localDateOf(now),
    end: localDateOf(dueAt),
    opensAt: now,
    dueAt,
    homeRequired: false,
    methods: ['home', 'phone', 'video', 'other'],
    state: spec.owner ? 'assigned' : 'open',
    visitorId: spec.owner?.personId,
    maskedName: base.maskedName,
    villageCode: base.villageCode,
    villageName: base.villageName,
    townshipCode: base.townshipCode,
    countyCode: base.countyCode,
    generatedOn: localDateOf(now),
    createdAt: now,
    urgent: spec.urgent,
    history: [{ at: now, event: 'create', by: spec.by, detail: `跟踪回访: ${spec.why}` }],
    version: 1,
  };
  const created = (await deps.tasks.createIfAbsent(draft)) === 'created';
  const followUp = created ? draft : ((await deps.tasks.get(base.elderId, spec.taskId)) ?? draft);
  let ownerNotified = false;
  const owner = followUp.visitorId === spec.owner?.personId ? spec.owner : undefined;
  if (owner) {
    const queued = await deps.outbox.enqueue({
      messageId: `followup#${spec.taskId.replace(/^F#/, '')}`,
      ...smsContent(config.sms, 'follow_up', { village: base.villageName, elder: base.maskedName, dueDate: followUp.end }),
      urgent: false,
      recipientId: owner.personId,
      phone: owner.phone,
      createdAt: now,
      sendAfter: sendAfterFor(now, config.sms.quietHours, false),
      taskRefs: [`${followUp.elderId}#${followUp.taskId}`],
    });
    ownerNotified = queued === 'queued';
  }
  return { followUp, created, ownerNotified };
}
