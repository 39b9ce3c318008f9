import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recipientKeyOf } from '../../domain/sms/delivery';
import { takesMerges } from '../../domain/sms/message';
import type { NewOutboxMessage, OutboxMessage, SmsKind } from '../../domain/sms/message';
import { toMillis } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import type { EnqueueResult, InvalidNumberEntry, Outbox } from '../../ports';
import { awaitingKeys, outboxMessageOf } from './outbox-item';
import { DEFAULT_RETENTION } from '../../config/retention-config';
import { conditionally } from './errors';
import { queryShards } from './paging';
import { allShards, shardOf } from './shard';

/** Outbox records expire the region's retention.outboxDays after they were queued (TTL is configured in the stack). */
const DAY_SECONDS = 86_400;
const strip = outboxMessageOf;
const INVALID_NUMBERS = 'invalid_number';

/**
 * The item for a new message: pending in the ready index, or undeliverable when there is no
 * phone; listed under its recipient; and, when watched for delivery, in the awaiting index by
 * its deadline (at once when there is no phone to deliver to).
 */
function newItem(message: NewOutboxMessage, keepDays: number): Record<string, unknown> {
  const deliverable = message.phone !== undefined;
  const recipientKey = recipientKeyOf(message);
  return {
    ...message,
    state: deliverable ? 'pending' : 'undeliverable',
    attempts: 0,
    lastError: deliverable ? undefined : 'the recipient has no phone number on the roster',
    readyShard: deliverable ? shardOf('r', message.messageId) : undefined,
    readyAt: `${message.sendAfter}#${message.messageId}`,
    ...(message.deliverBy !== undefined ? awaitingKeys(message.messageId, deliverable ? message.deliverBy : message.createdAt) : {}),
    ...(recipientKey !== undefined ? { recipientKey, recipientSort: `${message.createdAt}#${message.messageId}` } : {}),
    expiresAtEpoch: Math.floor(toMillis(message.createdAt) / 1000) + keepDays * DAY_SECONDS,
  };
}

export class DynamoOutbox implements Outbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly keepDays: number = DEFAULT_RETENTION.outboxDays,
  ) {}

  async enqueue(message: NewOutboxMessage): Promise<EnqueueResult> {
    const created = await conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: newItem(message, this.keepDays), ConditionExpression: 'attribute_not_exists(messageId)' })));
    return created ? 'queued' : 'exists';
  }

  async putDigest(message: NewOutboxMessage, expectedVersion: number | undefined): Promise<'written' | 'conflict' | 'closed'> {
    const Item = { ...newItem(message, this.keepDays), version: (expectedVersion ?? 0) + 1 };
    if (expectedVersion === undefined) {
      const created = await conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item, ConditionExpression: 'attribute_not_exists(messageId)' })));
      return created ? 'written' : 'conflict';
    }
    const written = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item,
          // The states takesMerges admits: pending, or undeliverable (no phone, never taken for sending).
          ConditionExpression: '(#state = :pending OR #state = :undeliverable) AND version = :v',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'pending', ':undeliverable': 'undeliverable', ':v': expectedVersion },
        }),
      ),
    );
    if (written) return 'written';
    const current = await this.get(message.messageId);
    return current && takesMerges(current.state) ? 'conflict' : 'closed';
  }

  async get(messageId: string): Promise<OutboxMessage | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { messageId } }));
    return Item ? strip(Item) : undefined;
  }

  async listReady(now: Instant, limit: number, after?: string): Promise<OutboxMessage[]> {
    const items = await queryShards(this.client, { TableName: this.table, IndexName: 'ready' }, allShards('r'), { partition: 'readyShard', sort: 'readyAt' }, now, limit, after);
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

  async markInvalidNumber(messageId: string, detail: string, at: Instant): Promise<void> {
    await this.finish(messageId, 'SET #state = :to, lastError = :err, failedAt = :at, actionQueue = :q, actionSort = :sort', {
      ':to': 'failed',
      ':err': `invalid number: ${detail}`,
      ':at': at,
      ':q': INVALID_NUMBERS,
      ':sort': `${at}#${messageId}`,
    });
  }

  async markUnknown(messageId: string, detail: string, at: Instant): Promise<void> {
    await this.finish(messageId, 'SET #state = :to, lastError = :err, unknownAt = :at', { ':to': 'unknown', ':err': `delivery unknown: ${detail}`, ':at': at });
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

  async invalidNumbers(limit: number): Promise<InvalidNumberEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'needsAction',
        KeyConditionExpression: 'actionQueue = :q',
        ExpressionAttributeValues: { ':q': INVALID_NUMBERS },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => ({
      messageId: String(item.messageId),
      kind: item.kind as SmsKind,
      template: String(item.template),
      recipientId: String(item.recipientId),
      phone: String(item.phone),
      detail: String(item.lastError ?? ''),
      failedAt: String(item.failedAt),
    }));
  }

  async clearInvalidNumber(messageId: string, by: string, at: Instant): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { messageId },
          UpdateExpression: 'SET clearedBy = :by, clearedAt = :at REMOVE actionQueue, actionSort',
          ConditionExpression: 'actionQueue = :q',
          ExpressionAttributeValues: { ':by': by, ':at': at, ':q': INVALID_NUMBERS },
        }),
      ),
    );
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
