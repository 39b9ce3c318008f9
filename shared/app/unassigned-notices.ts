import { findInChain } from '../domain/escalation/chain';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import type { Task } from '../domain/task/task';
import type { Instant } from '../domain/time/instant';
import type { LocalDate } from '../domain/time/local-date';
import type { RegionRuntime } from '../config/region-config';
import type { Outbox, PersonRepository } from '../ports';
import { PeopleDirectory } from './people-directory';
import { mergeDailyDigest } from './daily-digest';
import { smsContent } from './sms-message';

/**
 * Tells each village liaison (or, with none, the township instructor) once a day how many new
 * tasks of their area were left with nobody — the elders' visitor inactive or away without a
 * cover — so someone is given them before they fall due. Each chunk of a generation run merges
 * its tasks into the notice of the day (one per person per day). Returns the notices created.
 */
export async function mergeUnassignedNotices(deps: { people: PersonRepository; outbox: Outbox; runtime: RegionRuntime }, tasks: readonly Task[], today: LocalDate, at: Instant): Promise<number> {
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
    const { outcome } = await mergeDailyDigest(
      deps.outbox,
      {
        messageId: `unassigned#${personId}#${today}`,
        recipientId: personId,
        phone: entry.phone,
        createdAt: at,
        sendAfter: sendAfterFor(at, sms.quietHours, false),
        render: ({ count, first }) => smsContent(sms, 'unassigned_tasks', { count, firstDue: first }),
      },
      entry.tasks.map((t) => ({ ref: `${t.elderId}#${t.taskId}`, home: t.homeRequired, due: t.end })),
    );
    if (outcome === 'queued') queued++;
  }
  return queued;
}
