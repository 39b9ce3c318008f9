import { toMillis } from '../time/instant';
import type { Instant } from '../time/instant';

/**
 * Replies to SMS (上行短信). Only `1` means anything — like an incident tool's accept code —
 * and only to the last reply-able message the phone was sent: an escalation digest (the
 * supervisor acknowledges the tasks it counted) or a family notice (the family has contacted
 * the elder). Everything else is stored with its reason and ignored.
 */
export type ReplyCommand = 'confirm';

/**
 * `1` as people type it: full-width `１`, spaces, a trailing full stop or exclamation mark.
 * Anything else ("好的", "11", "1 2") is not a command: guessing at intent could acknowledge
 * tasks nobody meant to.
 */
export function readReply(text: string): ReplyCommand | undefined {
  const plain = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[.。!！]+$/u, '');
  return plain === '1' ? 'confirm' : undefined;
}

/** Why a reply was stored and not acted on. */
export const REPLY_IGNORED_REASONS = ['unparseable', 'no_target', 'before_target', 'late', 'sender_not_recipient'] as const;
export type ReplyIgnoredReason = (typeof REPLY_IGNORED_REASONS)[number];

/** The provider's clock and ours may differ a little; a reply this much before a message's send time may still answer it. */
const CLOCK_SKEW_MS = 2 * 60_000;

/**
 * The message a reply answers: the latest of the phone's reply-able messages that had been
 * sent when the reply was written. A reply written before any of them answered an older one we
 * no longer track, so it must not act on the newer message's tasks.
 */
export function answeredTarget<T extends { sentAt: Instant }>(targets: readonly (T | undefined)[], replyAt: Instant): { target: T } | { reason: 'no_target' | 'before_target' } {
  const known = targets.filter((t): t is T => t !== undefined);
  if (known.length === 0) return { reason: 'no_target' };
  const sentBefore = known.filter((t) => toMillis(t.sentAt) - CLOCK_SKEW_MS <= toMillis(replyAt)).sort((a, b) => toMillis(b.sentAt) - toMillis(a.sentAt));
  return sentBefore[0] ? { target: sentBefore[0] } : { reason: 'before_target' };
}

/** A reply more than `withinHours` after the message it answers is late: the tasks may have moved on. */
export function isLateReply(sentAt: Instant, replyAt: Instant, withinHours: number): boolean {
  return toMillis(replyAt) - toMillis(sentAt) > withinHours * 3_600_000;
}
