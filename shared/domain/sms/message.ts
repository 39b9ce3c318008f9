import type { Instant } from '../time/instant';

/** Why an SMS is sent; urgent kinds ignore quiet hours. */
export const SMS_KINDS = ['assignment_digest', 'escalation', 'emergency', 'reassignment', 'weather_notice', 'festival_notice'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

/**
 * pending → sending → sent | failed; `undeliverable` when there is no phone to send to.
 * A message claimed (sending) whose outcome is unknown is never sent again automatically.
 * `cancelled`: its weather warning was cancelled first; `held`: the monthly SMS budget was spent.
 */
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'undeliverable', 'cancelled', 'held'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface NewOutboxMessage {
  /** Deterministic, e.g. `assign#<visitorId>#2026-11-23`: enqueueing twice keeps one message. */
  messageId: string;
  kind: SmsKind;
  urgent: boolean;
  recipientId: string;
  /** E.164; absent when the recipient has no phone (the message is kept as undeliverable). */
  phone?: string | undefined;
  text: string;
  segments: number;
  createdAt: Instant;
  /** Earliest send time, after quiet hours for non-urgent messages. */
  sendAfter: Instant;
  /** The weather warning or festival a notice is about: a cancelled occasion's notices are not sent. */
  occasionId?: string | undefined;
  /** Tasks the message is about, for tracing (never shown in the text). */
  taskRefs?: string[] | undefined;
}

export interface OutboxMessage extends NewOutboxMessage {
  state: OutboxState;
  attempts: number;
  lastError?: string | undefined;
  providerMessageId?: string | undefined;
  sentAt?: Instant | undefined;
}
