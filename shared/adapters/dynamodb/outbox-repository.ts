import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NewOutboxMessage, OutboxMessage } from '../../domain/sms/message';
import { toMillis } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import type { EnqueueResult, Outbox, SmsBudget } from '../../ports';
import { conditionally } from './errors';
import { withoutAttributes } from './items';
import { queryShards } from './paging';
import { allShards, shardOf } from './shard';

/** Outbox records are kept two years for audit, then expire (TTL is configured in the stack). */
const RETENTION_SECONDS = 2 * 366 * 86_400;
const strip = (item: Record<string, unknown>): OutboxMessage => withoutAttributes<OutboxMessage>(item, ['readyShard', 'readyAt', 'expiresAtEpoch', 'claimedAt']);

export class DynamoOutbox implements Outbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async enqueue(message: NewOutboxMessage): Promise<EnqueueResult> {
    const deliverable = message.phone !== undefined;
    const item: Record<string, unknown> = {
      ...message,
      state: deliverable ? 'pending' : 'undeliverable',
      attempts: 0,
      lastError: deliverable ? undefined : 'the recipient has no phone number on the roster',
      readyShard: deliverable ? shardOf('r', message.messageId) : undefined,
      readyAt: `${message.sendAfter}#${message.messageId}`,
      expiresAtEpoch: Math.floor(toMillis(message.createdAt) / 1000) + RETENTION_SECONDS,
    };
    const created = await conditionally(() =>
      this.client.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(messageId)' })),
    );
    return created ? 'queued' : 'exists';
  }

  async get(messageId: string): Promise<OutboxMessage | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { messageId } }));
    return Item ? strip(Item) : undefined;
  }

  async listReady(now: Instant, limit: number): Promise<OutboxMessage[]> {
    const items = await queryShards(this.client, { TableName: this.table, IndexName: 'ready' }, allShards('r'), { partition: 'readyShard', sort: 'readyAt' }, now, limit);
    return items.map(strip);
  }

  async claim(messageId: string, at: Instant): Promise<OutboxMessage | undefined> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { messageId },
          UpdateExpression: 'SET #state = :sending, attempts = attempts + :one, claimedAt = :at REMOVE readyShard',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':one': 1, ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? strip(out.Attributes) : undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  async markSent(messageId: string, providerMessageId: string, at: Instant): Promise<void> {
    await this.finish(messageId, 'SET #state = :to, providerMessageId = :pid, sentAt = :at REMOVE lastError', { ':to': 'sent', ':pid': providerMessageId, ':at': at });
  }

  async markFailed(messageId: string, error: string, at: Instant): Promise<void> {
    await this.finish(messageId, 'SET #state = :to, lastError = :err, failedAt = :at', { ':to': 'failed', ':err': error, ':at': at });
  }

  async release(messageId: string, error: string, retryAfter: Instant): Promise<void> {
    await this.finish(messageId, 'SET #state = :to, lastError = :err, sendAfter = :after, readyAt = :readyAt, readyShard = :shard', {
      ':to': 'pending',
      ':err': error,
      ':after': retryAfter,
      ':readyAt': `${retryAfter}#${messageId}`,
      ':shard': shardOf('r', messageId),
    });
  }

  async markCancelled(messageId: string, reason: string, at: Instant): Promise<void> {
    await this.finish(messageId, 'SET #state = :to, lastError = :err, cancelledAt = :at', { ':to': 'cancelled', ':err': reason, ':at': at });
  }

  async markHeld(messageId: string, reason: string, at: Instant): Promise<void> {
    await this.finish(messageId, 'SET #state = :to, lastError = :err, heldAt = :at', { ':to': 'held', ':err': reason, ':at': at });
  }

  /** Leaves the sending state; refuses if this sender no longer holds the claim. */
  private async finish(messageId: string, update: string, values: Record<string, unknown>): Promise<void> {
    const ok = await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { messageId },
          UpdateExpression: update,
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ...values, ':sending': 'sending' },
        }),
      ),
    );
    if (!ok) throw new Error(`outbox message ${messageId} is no longer being sent by this sender`);
  }
}

/**
 * The monthly SMS budget as one counter item per month in the outbox table (`budget#2026-11`),
 * moved by a conditional ADD, so concurrent senders can never overspend it together.
 */
export class DynamoSmsBudget implements SmsBudget {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async reserve(month: string, segments: number, urgent: boolean, budget: number): Promise<{ allowed: boolean; used: number }> {
    const Key = { messageId: `budget#${month}` };
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key,
          UpdateExpression: 'ADD used :n',
          ...(urgent ? {} : { ConditionExpression: 'attribute_not_exists(used) OR used <= :max', ExpressionAttributeValues: { ':n': segments, ':max': budget - segments } }),
          ...(urgent ? { ExpressionAttributeValues: { ':n': segments } } : {}),
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { allowed: true, used: Number(out.Attributes?.used ?? segments) };
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
      return { allowed: false, used: Number(Item?.used ?? 0) };
    }
  }
}
