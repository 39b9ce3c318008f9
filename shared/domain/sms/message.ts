import type { Instant } from '../time/instant';
import type { Delivery } from './delivery';

/**
 * Why an SMS is sent. `emergency` and `urgent_undelivered` are always urgent (quiet hours and
 * per-phone caps do not hold them); a weather notice is urgent for orange and red warnings.
 */
export const SMS_KINDS = ['assignment_digest', 'escalation', 'emergency', 'reassignment', 'follow_up', 'weather_notice', 'festival_notice', 'urgent_undelivered', 'ledger_review', 'event_notice'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

/**
 * pending → sending → sent | failed | unknown | held | cancelled; `undeliverable` when there is
 * no phone to send to. `unknown`: the provider may have sent it (a timeout, an unreadable
 * answer), so it is never sent again automatically. `cancelled`: its weather warning was
 * cancelled first; `held`: not sent, visibly, because the monthly budget is spent or the
 * provider refused its template (the reason says which).
 */
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'undeliverable', 'cancelled', 'held'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * Whether a digest still takes merges: not yet taken for sending. `undeliverable` (no phone) is
 * never taken, so it keeps gathering the day's tasks like a pending one: the office reads it to
 * call the unreachable visitor, and it must hold every task, not the first page's.
 */
export function takesMerges(state: OutboxState): boolean {
  return state === 'pending' || state === 'undeliverable';
}

/** What a reply `1` to the message means: acknowledge the digest's tasks, or record that the family made contact. */
export type ReplyMeaning = 'escalation' | 'family';

export interface NewOutboxMessage {
  /** Deterministic, e.g. `assign#<visitorId>#2026-11-23`: enqueueing twice keeps one message. */
  messageId: string;
  kind: SmsKind;
  urgent: boolean;
  recipientId: string;
  /** E.164; absent when the recipient has no phone (the message is kept as undeliverable). */
  phone?: string | undefined;
  /** The catalogue id of the registered template (`shared/domain/sms/catalogue`). */
  template: string;
  /** The template's variables as rendered: variable name → value. */
  params: Record<string, string>;
  /** Exactly what the phone shows: signature + template with `params` filled in. */
  text: string;
  segments: number;
  createdAt: Instant;
  /** Earliest send time, after quiet hours for non-urgent messages. */
  sendAfter: Instant;
  /** The weather warning or festival a notice is about: a cancelled occasion's notices are not sent. */
  occasionId?: string | undefined;
  /** Tasks the message is about (`elderId#taskId`); never shown in the text. */
  taskRefs?: string[] | undefined;
  /** Set when a reply `1` to this message acts on its `taskRefs` (escalation digests, family notices). */
  replyTo?: ReplyMeaning | undefined;
  /** An escalation digest: the earliest due time of the tasks it covers (merged across runs). */
  digest?: { earliestDueAt: Instant } | undefined;
  /**
   * An urgent SMS to a family: the time by which a receipt must say it was delivered, or the
   * township instructor is told (`shared/domain/sms/delivery.ts`). Absent: not watched.
   */
  deliverBy?: Instant | undefined;
  /**
   * The page of a job that first wrote it (an occasion part's page): that page, run again after a
   * crash, knows the notice is its own and counts it once.
   */
  origin?: string | undefined;
}

export interface OutboxMessage extends NewOutboxMessage {
  state: OutboxState;
  attempts: number;
  lastError?: string | undefined;
  providerMessageId?: string | undefined;
  sentAt?: Instant | undefined;
  /** Bumped by every rewrite of a pending digest, so concurrent merges never lose a task. */
  version?: number | undefined;
  /** What the carrier reported, once a receipt named the message. */
  delivery?: Delivery | undefined;
  /** A watched message not delivered in time: when the instructor was told, and by which SMS. */
  undelivered?: { escalatedAt: Instant; notice: string } | undefined;
}

/** Where a pending message sorts in the ready index (send time, then id): the cursor of a run paging through it. */
export const readyKeyOf = (message: Pick<NewOutboxMessage, 'sendAfter' | 'messageId'>): string => `${message.sendAfter}#${message.messageId}`;
