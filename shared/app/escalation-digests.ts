import { digestWindowAt, mergeDigest, windowAfter } from '../domain/sms/digest-window';
import type { DigestContent } from '../domain/sms/digest-window';
import type { Person } from '../domain/people/person';
import { takesMerges } from '../domain/sms/message';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import { toInstant, toMillis } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { RegionRuntime } from '../config/region-config';
import type { Outbox } from '../ports';
import { forEachLimit } from './concurrency';
import { smsContent } from './sms-message';

/** One escalation step that tells a person about a task. */
export interface EscalationNotice {
  person: Person;
  level: number;
  taskRef: string;
  dueAt: Instant;
  /** An emergency's follow-up: told at once instead of in the next window. */
  urgent: boolean;
}

interface DigestReport {
  smsQueued: number;
  smsMerged: number;
  smsExisting: number;
  notified: { personId: string; level: number; taskRefs: string[] }[];
}

/** Tries per digest when concurrent runs keep rewriting it (each conflict means someone else merged). */
const MAX_MERGES = 8;

/**
 * Gathers escalations into digests: one SMS per supervisor per digest window (message id
 * `esc#<person>#<window>`), however many 15-minute runs add to it before it goes. The digest
 * keeps the refs of every task it covers, so a reply `1` can acknowledge exactly those; once
 * it has been taken for sending, later tasks go to the next window's digest. Urgent tasks
 * (an emergency's follow-up) get their own digest at once (`esc#<person>#urgent#<run slot>`).
 */
export async function queueEscalationDigests(deps: { outbox: Outbox; runtime: RegionRuntime }, notices: readonly EscalationNotice[], now: Instant, report: DigestReport): Promise<void> {
  const byPerson = new Map<string, { person: Person; urgent: boolean; content: DigestContent }>();
  for (const n of notices) {
    report.notified.push({ personId: n.person.personId, level: n.level, taskRefs: [n.taskRef] });
    const key = `${n.person.personId}#${n.urgent ? 'urgent' : 'window'}`;
    const entry = byPerson.get(key);
    const added = { taskRefs: [n.taskRef], earliestDueAt: n.dueAt };
    byPerson.set(key, { person: n.person, urgent: n.urgent, content: mergeDigest(entry?.content, added) });
  }
  await forEachLimit(byPerson.values(), 16, async ({ person, urgent, content }) => {
    const outcome = urgent ? await queueUrgent(deps, person, content, now) : await mergeIntoWindow(deps, person, content, now);
    if (outcome === 'queued') report.smsQueued++;
    else if (outcome === 'merged') report.smsMerged++;
    else report.smsExisting++;
  });
}

function digestMessage(runtime: RegionRuntime, messageId: string, person: Person, content: DigestContent, createdAt: Instant, sendAfter: Instant, urgent: boolean) {
  return {
    messageId,
    ...smsContent(runtime.config.sms, 'escalation_digest', { count: content.taskRefs.length, since: content.earliestDueAt }),
    urgent,
    recipientId: person.personId,
    phone: person.phone,
    createdAt,
    sendAfter,
    taskRefs: content.taskRefs,
    replyTo: 'escalation' as const,
    digest: { earliestDueAt: content.earliestDueAt },
  };
}

async function queueUrgent(deps: { outbox: Outbox; runtime: RegionRuntime }, person: Person, content: DigestContent, now: Instant): Promise<'queued' | 'existing'> {
  // One urgent digest per person per 15-minute run slot: a retried run finds it and queues nothing.
  const slot = toInstant(new Date(Math.floor(toMillis(now) / 900_000) * 900_000));
  const result = await deps.outbox.enqueue(digestMessage(deps.runtime, `esc#${person.personId}#urgent#${slot}`, person, content, now, now, true));
  return result === 'queued' ? 'queued' : 'existing';
}

async function mergeIntoWindow(deps: { outbox: Outbox; runtime: RegionRuntime }, person: Person, added: DigestContent, now: Instant): Promise<'queued' | 'merged' | 'existing'> {
  const { config } = deps.runtime;
  let window = digestWindowAt(now, config.sms.escalationWindows);
  for (let attempt = 0; attempt < MAX_MERGES; attempt++) {
    const messageId = `esc#${person.personId}#${window}`;
    const existing = await deps.outbox.get(messageId);
    // Taken for sending already (or written before digests had versions): the next window's digest.
    if (existing && (!takesMerges(existing.state) || existing.version === undefined)) {
      window = windowAfter(window, config.sms.escalationWindows);
      continue;
    }
    const before = existing ? { taskRefs: existing.taskRefs ?? [], earliestDueAt: existing.digest?.earliestDueAt ?? added.earliestDueAt } : undefined;
    const merged = mergeDigest(before, added);
    if (before && merged.taskRefs.length === before.taskRefs.length && merged.earliestDueAt === before.earliestDueAt) return 'existing';
    const message = digestMessage(deps.runtime, messageId, person, merged, existing?.createdAt ?? now, sendAfterFor(window, config.sms.quietHours, false), false);
    const result = await deps.outbox.putDigest(message, existing?.version);
    if (result === 'written') return existing ? 'merged' : 'queued';
    if (result === 'closed') window = windowAfter(window, config.sms.escalationWindows);
  }
  throw new Error(`escalation digest for ${person.personId} kept changing under ${MAX_MERGES} concurrent writes; the run will retry`);
}
