import { findInChain } from '../domain/escalation/chain';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import type { Task } from '../domain/task/task';
import type { Instant } from '../domain/time/instant';
import type { LocalDate } from '../domain/time/local-date';
import type { RegionRuntime } from '../config/region-config';
import type { Outbox, PersonRepository } from '../ports';
import { PeopleDirectory } from './people-directory';
import { smsContent } from './sms-message';

/**
 * Tells each village liaison (or, with none, the township instructor) once a day how many new
 * tasks of their area were left with nobody — the elders' visitor inactive or away without a
 * cover — so someone is given them before they fall due. Returns the notices queued.
 */
export async function queueUnassignedNotices(deps: { people: PersonRepository; outbox: Outbox; runtime: RegionRuntime }, tasks: readonly Task[], today: LocalDate, at: Instant): Promise<number> {
  if (tasks.length === 0) return 0;
  const directory = new PeopleDirectory(deps.people);
  const byPerson = new Map<string, { phone?: string | undefined; tasks: Task[] }>();
  for (const task of tasks) {
    const chain = await directory.chainFor(task.villageCode);
    const person = findInChain(task.villageCode, 'liaison', chain) ?? findInChain(task.villageCode, 'instructor', chain);
    if (!person) continue;
    const entry = byPerson.get(person.personId) ?? { phone: person.phone, tasks: [] };
    entry.tasks.push(task);
    byPerson.set(person.personId, entry);
  }
  let queued = 0;
  const { sms } = deps.runtime.config;
  for (const [personId, entry] of byPerson) {
    const firstDue = entry.tasks.reduce((a, t) => (t.end < a ? t.end : a), entry.tasks[0]!.end);
    const result = await deps.outbox.enqueue({
      messageId: `unassigned#${personId}#${today}`,
      ...smsContent(sms, 'unassigned_tasks', { count: entry.tasks.length, firstDue }),
      urgent: false,
      recipientId: personId,
      phone: entry.phone,
      createdAt: at,
      sendAfter: sendAfterFor(at, sms.quietHours, false),
      taskRefs: entry.tasks.slice(0, 50).map((t) => `${t.elderId}#${t.taskId}`),
    });
    if (result === 'queued') queued++;
  }
  return queued;
}
