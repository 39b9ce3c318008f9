import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Delivery } from '../../domain/sms/delivery';
import type { OutboxMessage } from '../../domain/sms/message';
import { toMillis } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import { ValidationError } from '../../domain/validation';
import type { SmsDeliveries } from '../../ports';
import { conditionally } from './errors';
import { outboxMessageOf } from './outbox-item';
import { queryShards } from './paging';
import { phoneKey } from './phone-key';
import { allShards } from './shard';

/** Lookup items live as long as a receipt can come: providers report within three days (Aliyun keeps receipts 3 days). */
const LOOKUP_SECONDS = 7 * 86_400;

const lookupKey = (providerMessageId: string, phone: string) => `sent#${providerMessageId}#${phoneKey(phone)}`;
/** A page position of the recipient index: `<created>#<message id>` as this adapter wrote it. */
const CURSOR = /^\d{4}-\d{2}-\d{2}T[\d:]{8}\+08:00#[^\s]{1,300}$/;

/**
 * Receipts on the outbox table. A message's delivery is one attribute set by one conditional
 * write (first receipt wins, a repeat changes nothing); `sent#<provider id>#<phone hash>` items
 * name the messages of a batch call, whose receipts carry no reference of ours.
 */
export class DynamoSmsDeliveries implements SmsDeliveries {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async trackSent(providerMessageId: string, phone: string, messageId: string, at: Instant): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { messageId: lookupKey(providerMessageId, phone) },
        // A set: a number listed twice in one batch names both messages.
        UpdateExpression: 'ADD messageIds :id SET expiresAtEpoch = if_not_exists(expiresAtEpoch, :ttl)',
        ExpressionAttributeValues: { ':id': new Set([messageId]), ':ttl': Math.floor(toMillis(at) / 1000) + LOOKUP_SECONDS },
      }),
    );
  }

  async findSent(providerMessageId: string, phone: string): Promise<string[]> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { messageId: lookupKey(providerMessageId, phone) } }));
    return [...((Item?.messageIds as Set<string> | undefined) ?? [])].sort();
  }

  async setDelivery(messageId: string, delivery: Delivery): Promise<'set' | 'already' | 'missing'> {
    const delivered = delivery.state === 'delivered';
    const set = await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { messageId },
          // Delivered: out of the awaiting index, nobody needs telling.
          UpdateExpression: delivered ? 'SET delivery = :d REMOVE awaitShard, awaitAt' : 'SET delivery = :d',
          ConditionExpression: 'attribute_exists(#state) AND attribute_not_exists(delivery)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':d': delivery },
        }),
      ),
    );
    if (!set) {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { messageId }, ProjectionExpression: '#state', ExpressionAttributeNames: { '#state': 'state' } }));
      return Item ? 'already' : 'missing';
    }
    if (!delivered) {
      // Failed and watched: due now, so the deadline check tells the instructor even if this run stops here.
      await conditionally(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { messageId },
            UpdateExpression: 'SET awaitAt = :due',
            ConditionExpression: 'attribute_exists(awaitShard)',
            ExpressionAttributeValues: { ':due': `${delivery.receivedAt}#${messageId}` },
          }),
        ),
      );
    }
    return 'set';
  }

  async awaitingPastDeadline(now: Instant, limit: number): Promise<OutboxMessage[]> {
    const keys = await queryShards(this.client, { TableName: this.table, IndexName: 'awaitingReceipt' }, allShards('w'), { partition: 'awaitShard', sort: 'awaitAt' }, now, limit);
    const messages: OutboxMessage[] = [];
    for (const key of keys) {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { messageId: key.messageId } }));
      if (Item && Item.awaitShard !== undefined) messages.push(outboxMessageOf(Item));
    }
    return messages;
  }

  async closeAwaiting(messageId: string, notice: string, at: Instant): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { messageId },
          UpdateExpression: 'SET undelivered = :u REMOVE awaitShard, awaitAt',
          ConditionExpression: 'attribute_exists(awaitShard)',
          ExpressionAttributeValues: { ':u': { escalatedAt: at, notice } },
        }),
      ),
    );
  }

  async forRecipient(recipientKey: string, limit: number, cursor?: string): Promise<{ items: OutboxMessage[]; next?: string | undefined }> {
    if (cursor !== undefined && !CURSOR.test(cursor)) throw new ValidationError('deliveries', [{ field: 'cursor', rule: 'must be the next value of the page before' }]);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byRecipient',
        KeyConditionExpression: cursor === undefined ? 'recipientKey = :k' : 'recipientKey = :k AND recipientSort < :c',
        ExpressionAttributeValues: { ':k': recipientKey, ...(cursor === undefined ? {} : { ':c': cursor }) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const items = out.Items ?? [];
    const last = items.at(-1);
    return {
      items: items.map((i) => outboxMessageOf(i)),
      ...(out.LastEvaluatedKey && last ? { next: String(last.recipientSort) } : {}),
    };
  }
}
