import type { RegionRuntime } from '../config/region-config';
import { returnWindow } from '../domain/cadence/return-window';
import type { ElderRecord } from '../domain/ledger/elder-record';
import { classify } from '../domain/policy/classify';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import { taskFromWindow } from '../domain/task/task';
import type { Task } from '../domain/task/task';
import { localDateOf } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { Outbox, PersonRepository, TaskRepository } from '../ports';
import { Assignees } from './assignees';
import { smsContent } from './sms-message';

export interface LifeChangeDeps {
  tasks: Pick<TaskRepository, 'createIfAbsent'>;
  runtime: RegionRuntime;
  people?: Pick<PersonRepository, 'get'> | undefined;
  outbox?: Outbox | undefined;
}

/**
 * Back from hospital with the current period already planned: opens the task for the rest of
 * the period when its visits are still owed (a conditional create keyed by the day of return,
 * so a repeat makes nothing). Returns the task id, or undefined when none is owed.
 */
export async function openReturnTask(deps: LifeChangeDeps, record: ElderRecord, tasks: readonly Task[], at: Instant): Promise<string | undefined> {
  if (!record.returned || record.status.state !== 'active' || !record.consent.visits) return undefined;
  const today = localDateOf(at);
  const day = record.returned.on > today ? record.returned.on : today;
  const c = classify(record.profile, deps.runtime.policy, day);
  if (!c.eligible) return undefined;
  const owed = returnWindow({ elderId: record.elderId, returnedOn: record.returned.on, today, cadence: c.cadence, plannedThrough: record.cursor?.through, tasks });
  if (!owed) return undefined;
  const planned = { span: owed.span, tier: c.tier, cadence: c.cadence, windows: [owed.window], cursor: record.cursor! };
  const base = { ...taskFromWindow(record, planned, owed.window, today, at), taskId: owed.taskId };
  const task = deps.people ? await new Assignees({ people: deps.people }).assign(base) : base;
  const created: Task = { ...task, history: [{ ...task.history[0]!, detail: `back from hospital on ${record.returned.on}: the rest of ${owed.span.id} (${task.history[0]!.detail ?? ''})` }] };
  await deps.tasks.createIfAbsent(created);
  return owed.taskId;
}

/** Tells the elder's new visitor, once per saved version, how many open tasks the move gave them (`elder_moved`). */
export async function queueMovedNotice(deps: LifeChangeDeps, record: ElderRecord, moved: readonly Task[], at: Instant): Promise<boolean> {
  const to = record.visitorId;
  const given = moved.filter((t) => t.visitorId !== undefined && t.visitorId === to);
  if (!deps.outbox || !deps.people || to === undefined || given.length === 0) return false;
  const visitor = await deps.people.get(to);
  const { sms } = deps.runtime.config;
  const result = await deps.outbox.enqueue({
    messageId: `moved#${record.elderId}#${record.version}`,
    ...smsContent(sms, 'elder_moved', { elder: record.maskedName, village: record.villageName, count: given.length }),
    urgent: false,
    recipientId: to,
    phone: visitor?.phone,
    createdAt: at,
    sendAfter: sendAfterFor(at, sms.quietHours, false),
    taskRefs: given.map((t) => `${t.elderId}#${t.taskId}`),
  });
  return result === 'queued';
}
