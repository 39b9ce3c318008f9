import type { SmsReply } from '../domain/sms/callbacks';
import { answeredTarget, isLateReply, readReply } from '../domain/sms/reply';
import type { ReplyIgnoredReason } from '../domain/sms/reply';
import { toInstant, toMillis } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import { TaskTransitionError } from '../domain/task/lifecycle';
import { ValidationError } from '../domain/validation';
import type { ReplyTarget, SmsCallbackLog, SmsReplyTargets } from '../ports';
import { handleEachOnce } from './callback-once';
import { confirmFamilyContact } from './family-contact';
import { acknowledgeTask, ForbiddenError } from './supervise';
import type { SuperviseDeps } from './supervise';

export interface ReplyDeps extends SuperviseDeps {
  replyTargets: Pick<SmsReplyTargets, 'latest'>;
  callbackLog: SmsCallbackLog;
}

export interface ReplyReport {
  received: number;
  /** The same reply posted again: nothing changed. */
  duplicates: number;
  /** Digests a supervisor's `1` acknowledged, and the tasks it acknowledged. */
  digestsAcknowledged: number;
  tasksAcknowledged: number;
  /** Tasks of an acknowledged digest left alone: outside the supervisor's area now, or closed since. */
  tasksRefused: number;
  /** Family replies `1` recorded, and the tasks they were recorded on. */
  familyConfirmations: number;
  tasksFamilyConfirmed: number;
  /** Stored and ignored, by reason. */
  ignored: Partial<Record<ReplyIgnoredReason, number>>;
}

export const emptyReplyReport = (): ReplyReport => ({ received: 0, duplicates: 0, digestsAcknowledged: 0, tasksAcknowledged: 0, tasksRefused: 0, familyConfirmations: 0, tasksFamilyConfirmed: 0, ignored: {} });

/**
 * Replies to SMS (上行短信), from a provider's callback, or `tanfang sms reply` locally.
 *
 * 1. Stores each reply once under its dedupe key; a reply already handled changes nothing.
 * 2. Finds what it answers: the phone's last escalation digest or family notice sent before
 *    the reply was written (one key lookup each, the reply targets send-sms records).
 * 3. Acts on `1` only, and only within `sms.replyWithinHours` of that message:
 *    - a digest: its supervisor — the person it was sent to, replying from the number on the
 *      roster — acknowledges exactly the tasks it counted, through `acknowledgeTask` and its
 *      area check (a task outside their area, or closed since, is left alone);
 *    - a family notice: "family confirmed contact" on each special task it was about (never a
 *      visit, never completing the task).
 * Anything else is stored with its reason (unparseable, no target, late, not the recipient) and ignored.
 */
export async function handleReplies(deps: ReplyDeps, replies: readonly SmsReply[]): Promise<ReplyReport> {
  const report = emptyReplyReport();
  const now = toInstant(deps.clock.now());
  report.received = replies.length;
  const recordOf = (r: SmsReply) => ({ provider: r.provider, phone: r.phone, text: r.text.slice(0, 500), at: r.at, signName: r.signName });
  ({ duplicates: report.duplicates } = await handleEachOnce(deps.callbackLog, 'reply', replies, now, recordOf, (r) => handleOne(deps, r, now, report)));
  return report;
}

async function handleOne(deps: ReplyDeps, reply: SmsReply, now: Instant, report: ReplyReport): Promise<string> {
  const ignore = (reason: ReplyIgnoredReason, detail: string) => {
    report.ignored[reason] = (report.ignored[reason] ?? 0) + 1;
    return `ignored: ${reason} (${detail})`;
  };
  const writtenAt = toMillis(reply.at) < toMillis(now) ? reply.at : now;
  const found = answeredTarget([await deps.replyTargets.latest(reply.phone, 'escalation'), await deps.replyTargets.latest(reply.phone, 'family')], writtenAt);
  if ('reason' in found) return ignore(found.reason, found.reason === 'no_target' ? 'this number was sent nothing a reply acts on' : 'written before the last message this number was sent');
  const { target } = found;
  if (readReply(reply.text) === undefined) return ignore('unparseable', `only 1 is a reply; it answered ${target.messageId}`);
  const { replyWithinHours } = deps.runtime.config.sms;
  if (isLateReply(target.sentAt, writtenAt, replyWithinHours)) return ignore('late', `more than ${replyWithinHours} h after ${target.messageId}`);
  const via = `SMS reply to ${target.messageId}, ${reply.dedupeKey}`;
  return target.meaning === 'escalation' ? acknowledgeDigest(deps, reply, target, via, report, ignore) : confirmContact(deps, target, writtenAt, via, report);
}

async function acknowledgeDigest(deps: ReplyDeps, reply: SmsReply, target: ReplyTarget, via: string, report: ReplyReport, ignore: (r: ReplyIgnoredReason, d: string) => string): Promise<string> {
  const person = await deps.people.get(target.recipientId);
  // The roster number must still be the one the digest went to: a number given to someone else acknowledges nothing.
  if (!person || person.phone !== reply.phone) return ignore('sender_not_recipient', `${target.recipientId} no longer has this number`);
  let acknowledged = 0;
  const refused: string[] = [];
  for (const ref of target.taskRefs) {
    const [elderId, ...rest] = ref.split('#');
    try {
      await acknowledgeTask(deps, { elderId: elderId!, taskId: rest.join('#'), by: person.personId, via });
      acknowledged++;
    } catch (error) {
      if (!(error instanceof ForbiddenError || error instanceof ValidationError || error instanceof TaskTransitionError)) throw error;
      refused.push(`${ref}: ${error.message}`);
    }
  }
  report.digestsAcknowledged++;
  report.tasksAcknowledged += acknowledged;
  report.tasksRefused += refused.length;
  return `acknowledged ${acknowledged} of ${target.taskRefs.length} tasks of ${target.messageId} as ${person.personId}${refused.length ? `; left alone: ${refused.join('; ')}` : ''}`;
}

async function confirmContact(deps: ReplyDeps, target: ReplyTarget, at: Instant, via: string, report: ReplyReport): Promise<string> {
  let recorded = 0;
  for (const ref of target.taskRefs) {
    const [elderId, ...rest] = ref.split('#');
    if ((await confirmFamilyContact(deps, { elderId: elderId!, taskId: rest.join('#') }, { at, by: target.recipientId, via })) !== 'missing') recorded++;
  }
  report.familyConfirmations++;
  report.tasksFamilyConfirmed += recorded;
  return `family confirmed contact on ${recorded} of ${target.taskRefs.length} tasks of ${target.messageId}`;
}
