import { findInChain } from '../domain/escalation/chain';
import type { SupervisorRole } from '../domain/escalation/ladder';
import type { Person } from '../domain/people/person';
import type { OutboxMessage } from '../domain/sms/message';
import { toInstant, toMillis } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, Outbox, PersonRepository, SmsDeliveries, TaskRepository } from '../ports';
import { PeopleDirectory } from './people-directory';
import { smsContent } from './sms-message';

export interface UndeliveredDeps {
  deliveries: Pick<SmsDeliveries, 'awaitingPastDeadline' | 'closeAwaiting'>;
  outbox: Pick<Outbox, 'enqueue'>;
  tasks: Pick<TaskRepository, 'get'>;
  people: PersonRepository;
  clock: Clock;
  runtime: RegionRuntime;
  /** Messages looked at per run; the rest wait for the next run. */
  limit?: number;
}

export interface UndeliveredReport {
  /** Watched messages past their deadline (or reported failed) without a delivered receipt. */
  undelivered: number;
  /** SMS queued to instructors (one per instructor per run: a count when several families were not reached). */
  noticesQueued: number;
  /** Elders whose township has nobody above the family to tell (fix the roster). */
  nobodyToTell: string[];
  /** Messages another run had already escalated. */
  alreadyEscalated: number;
}

/** Walking up from the village: the township instructor, else whoever supervises above (the next person up from the family). */
const NEXT_UP: readonly SupervisorRole[] = ['instructor', 'supervisor', 'bureau'];

interface Unreached {
  message: OutboxMessage;
  elderRef: string;
  village: string;
  elder: string;
}

/**
 * The delivery deadline check, run by a job that already runs every 15 minutes
 * (escalate-overdue), over a sparse index of the urgent SMS to families that still wait for a
 * "delivered" receipt: those past their deadline (`sms.deliveryDeadlineMinutes` after they were
 * queued), reported failed, or with no phone at all.
 *
 * 1. For each, finds the elders it was about (its tasks) and, walking up from each elder's
 *    village, the township instructor.
 * 2. Queues one urgent SMS per instructor: `urgent_undelivered` naming the village and the
 *    masked elder, or `urgent_undelivered_digest` with the count when several families of the
 *    township were not reached at once. Ids are deterministic (`undelivered#<message>#<elder>`,
 *    `undelivered#<instructor>#<15-minute slot>`), so a rerun queues nothing twice.
 * 3. Only then takes each message out of the index (a conditional write: once per message), so
 *    a crash in between repeats at worst a notice, never loses one.
 */
export async function escalateUndelivered(deps: UndeliveredDeps, only?: readonly OutboxMessage[]): Promise<UndeliveredReport> {
  const now = toInstant(deps.clock.now());
  const report: UndeliveredReport = { undelivered: 0, noticesQueued: 0, nobodyToTell: [], alreadyEscalated: 0 };
  const messages = only ?? (await deps.deliveries.awaitingPastDeadline(now, deps.limit ?? 500));
  const directory = new PeopleDirectory(deps.people);
  const byInstructor = new Map<string, { person: Person; unreached: Unreached[] }>();
  const untold: OutboxMessage[] = [];

  for (const message of messages) {
    report.undelivered++;
    let told = false;
    for (const ref of new Set(message.taskRefs ?? [])) {
      const [elderId, ...rest] = ref.split('#');
      const task = await deps.tasks.get(elderId!, rest.join('#'));
      const person = task ? nextUp(task.villageCode, await directory.chainFor(task.villageCode)) : undefined;
      if (!task || !person) {
        report.nobodyToTell.push(ref);
        continue;
      }
      const entry = byInstructor.get(person.personId) ?? { person, unreached: [] };
      if (!entry.unreached.some((u) => u.elderRef.split('#')[0] === elderId)) entry.unreached.push({ message, elderRef: ref, village: task.villageName, elder: task.maskedName });
      byInstructor.set(person.personId, entry);
      told = true;
    }
    if (!told) untold.push(message);
  }

  const notices = new Map<string, string>();
  for (const { person, unreached } of byInstructor.values()) {
    const notice = await queueNotice(deps, person, unreached, now);
    if (notice.queued) report.noticesQueued++;
    for (const u of unreached) notices.set(u.message.messageId, notices.has(u.message.messageId) ? `${notices.get(u.message.messageId)},${notice.id}` : notice.id);
  }
  // A message about nobody we can reach is closed too, with the gap reported: retrying every run changes nothing.
  for (const message of untold) notices.set(message.messageId, 'nobody to tell');
  for (const [messageId, notice] of notices) {
    if (!(await deps.deliveries.closeAwaiting(messageId, notice, now))) report.alreadyEscalated++;
  }
  return report;
}

function nextUp(villageCode: string, chain: ReadonlyMap<string, readonly Person[]>): Person | undefined {
  for (const role of NEXT_UP) {
    const person = findInChain(villageCode, role, chain);
    if (person) return person;
  }
  return undefined;
}

async function queueNotice(deps: UndeliveredDeps, person: Person, unreached: readonly Unreached[], now: Instant): Promise<{ id: string; queued: boolean }> {
  const { sms } = deps.runtime.config;
  const one = unreached.length === 1 ? unreached[0]! : undefined;
  // Several at once: one SMS per instructor and 15-minute slot, so a rerun of the slot finds it.
  const slot = toInstant(new Date(Math.floor(toMillis(now) / 900_000) * 900_000));
  const id = one ? `undelivered#${one.message.messageId}#${one.elderRef.split('#')[0]}` : `undelivered#${person.personId}#${slot}`;
  const content = one ? smsContent(sms, 'urgent_undelivered', { village: one.village, elder: one.elder }) : smsContent(sms, 'urgent_undelivered_digest', { count: unreached.length });
  const result = await deps.outbox.enqueue({
    messageId: id,
    ...content,
    urgent: true,
    recipientId: person.personId,
    phone: person.phone,
    createdAt: now,
    sendAfter: now,
    taskRefs: [...new Set(unreached.map((u) => u.elderRef))],
  });
  return { id, queued: result === 'queued' };
}
