import type { NewOutboxMessage, OutboxMessage } from '../../shared/domain/sms/message';
import { toMillis } from '../../shared/domain/time/instant';
import type { Instant } from '../../shared/domain/time/instant';
import type { EnqueueResult, Outbox } from '../../shared/ports';

/** An Outbox with the same conditional semantics as the DynamoDB one, for unit tests. */
export class InMemoryOutbox implements Outbox {
  private readonly messages = new Map<string, OutboxMessage>();

  async enqueue(message: NewOutboxMessage): Promise<EnqueueResult> {
    if (this.messages.has(message.messageId)) return 'exists';
    const deliverable = message.phone !== undefined;
    this.messages.set(message.messageId, {
      ...message,
      state: deliverable ? 'pending' : 'undeliverable',
      attempts: 0,
      lastError: deliverable ? undefined : 'the recipient has no phone number on the roster',
    });
    return 'queued';
  }

  async get(messageId: string): Promise<OutboxMessage | undefined> {
    const m = this.messages.get(messageId);
    return m && { ...m };
  }

  async listReady(now: Instant, limit: number): Promise<OutboxMessage[]> {
    return [...this.messages.values()]
      .filter((m) => m.state === 'pending' && toMillis(m.sendAfter) <= toMillis(now))
      .sort((a, b) => toMillis(a.sendAfter) - toMillis(b.sendAfter))
      .slice(0, limit)
      .map((m) => ({ ...m }));
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

  async release(messageId: string, error: string, retryAfter: Instant): Promise<void> {
    this.finish(messageId, { state: 'pending', lastError: error, sendAfter: retryAfter });
  }

  async markCancelled(messageId: string, reason: string): Promise<void> {
    this.finish(messageId, { state: 'cancelled', lastError: reason });
  }

  async markHeld(messageId: string, reason: string): Promise<void> {
    this.finish(messageId, { state: 'held', lastError: reason });
  }

  all(): OutboxMessage[] {
    return [...this.messages.values()].map((m) => ({ ...m }));
  }

  private finish(messageId: string, changes: Partial<OutboxMessage>): void {
    const m = this.messages.get(messageId);
    if (!m || m.state !== 'sending') throw new Error(`outbox message ${messageId} is no longer being sent by this sender`);
    this.messages.set(messageId, { ...m, ...changes });
  }
}
