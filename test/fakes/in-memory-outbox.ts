import { readyKeyOf, takesMerges } from '../../shared/domain/sms/message';
import type { NewOutboxMessage, OutboxMessage } from '../../shared/domain/sms/message';
import { toMillis } from '../../shared/domain/time/instant';
import type { Instant } from '../../shared/domain/time/instant';
import type { EnqueueResult, InvalidNumberEntry, Outbox } from '../../shared/ports';

/** An Outbox with the same conditional semantics as the DynamoDB one, for unit tests. */
export class InMemoryOutbox implements Outbox {
  private readonly messages = new Map<string, OutboxMessage>();
  private readonly invalid = new Map<string, InvalidNumberEntry>();

  async enqueue(message: NewOutboxMessage): Promise<EnqueueResult> {
    if (this.messages.has(message.messageId)) return 'exists';
    this.messages.set(message.messageId, fresh(message));
    return 'queued';
  }

  async putDigest(message: NewOutboxMessage, expectedVersion: number | undefined): Promise<'written' | 'conflict' | 'closed'> {
    await Promise.resolve();
    const current = this.messages.get(message.messageId);
    if (expectedVersion === undefined) {
      if (current) return 'conflict';
    } else {
      if (!current || !takesMerges(current.state)) return 'closed';
      if (current.version !== expectedVersion) return 'conflict';
    }
    this.messages.set(message.messageId, { ...fresh(message), version: (expectedVersion ?? 0) + 1 });
    return 'written';
  }

  async get(messageId: string): Promise<OutboxMessage | undefined> {
    const m = this.messages.get(messageId);
    return m && { ...m };
  }

  async listReady(now: Instant, limit: number, after?: string): Promise<OutboxMessage[]> {
    return (
      [...this.messages.values()]
        .filter((m) => m.state === 'pending' && toMillis(m.sendAfter) <= toMillis(now) && (after === undefined || readyKeyOf(m) > after))
        // Byte order, as DynamoDB sorts string keys.
        .sort((a, b) => (readyKeyOf(a) < readyKeyOf(b) ? -1 : readyKeyOf(a) > readyKeyOf(b) ? 1 : 0))
        .slice(0, limit)
        .map((m) => ({ ...m }))
    );
  }

  async claim(messageId: string): Promise<OutboxMessage | undefined> {
    // Yield first, as a network call would, so concurrent runs really interleave.
    await Promise.resolve();
    const m = this.messages.get(messageId);
    if (!m || m.state !== 'pending') return undefined;
    const claimed = { ...m, state: 'sending' as const, attempts: m.attempts + 1 };
    this.messages.set(messageId, claimed);
    return { ...claimed };
  }

  async markSent(messageId: string, providerMessageId: string, at: Instant): Promise<void> {
    this.finish(messageId, { state: 'sent', providerMessageId, sentAt: at, lastError: undefined });
  }

  async markFailed(messageId: string, error: string): Promise<void> {
    this.finish(messageId, { state: 'failed', lastError: error });
  }

  async markInvalidNumber(messageId: string, detail: string, at: Instant): Promise<void> {
    const m = this.finish(messageId, { state: 'failed', lastError: `invalid number: ${detail}` });
    this.invalid.set(messageId, { messageId, kind: m.kind, template: m.template, recipientId: m.recipientId, phone: m.phone!, detail: `invalid number: ${detail}`, failedAt: at });
  }

  async markUnknown(messageId: string, detail: string): Promise<void> {
    this.finish(messageId, { state: 'unknown', lastError: `delivery unknown: ${detail}` });
  }

  async release(messageId: string, error: string, retryAfter: Instant): Promise<void> {
    this.finish(messageId, { state: 'pending', lastError: error, sendAfter: retryAfter });
  }

  async markCancelled(messageId: string, reason: string): Promise<void> {
    this.finish(messageId, { state: 'cancelled', lastError: reason });
  }

  async markHeld(messageId: string, reason: string): Promise<void> {
    this.finish(messageId, { state: 'held', lastError: reason });
  }

  async invalidNumbers(limit: number): Promise<InvalidNumberEntry[]> {
    return [...this.invalid.values()].sort((a, b) => b.failedAt.localeCompare(a.failedAt)).slice(0, limit);
  }

  async clearInvalidNumber(messageId: string): Promise<boolean> {
    return this.invalid.delete(messageId);
  }

  all(): OutboxMessage[] {
    return [...this.messages.values()].map((m) => ({ ...m }));
  }

  private finish(messageId: string, changes: Partial<OutboxMessage>): OutboxMessage {
    const m = this.messages.get(messageId);
    if (!m || m.state !== 'sending') throw new Error(`outbox message ${messageId} is no longer being sent by this sender`);
    const next = { ...m, ...changes };
    this.messages.set(messageId, next);
    return next;
  }
}

function fresh(message: NewOutboxMessage): OutboxMessage {
  const deliverable = message.phone !== undefined;
  return { ...message, state: deliverable ? 'pending' : 'undeliverable', attempts: 0, lastError: deliverable ? undefined : 'the recipient has no phone number on the roster' };
}
