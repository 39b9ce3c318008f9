import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { limitReached } from '../../domain/sms/phone-budget';
import type { PhoneDayCount } from '../../domain/sms/phone-budget';
import type { SmsKind } from '../../domain/sms/message';
import { toMillis } from '../../domain/time/instant';
import type { PhoneBudget, SmsBudget } from '../../ports';
import { isConditionFailure } from './errors';
import { phoneKey } from './phone-key';

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
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
      return { allowed: false, used: Number(Item?.used ?? 0) };
    }
  }
}

/** Counters live three days (TTL), long enough for the day they count and a late refund. */
const COUNTER_SECONDS = 3 * 86_400;

/**
 * Per-phone daily counters: one item per phone and local day (`phone#<hash>#2026-11-23`) with
 * the total, one attribute per kind, and the last content and time. A non-urgent reservation
 * is one UpdateItem whose condition is every limit at once, so two senders can never pass a
 * limit together; an urgent one is counted without a condition.
 */
export class DynamoPhoneBudget implements PhoneBudget {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async reserve(input: Parameters<PhoneBudget['reserve']>[0]): ReturnType<PhoneBudget['reserve']> {
    const Key = { messageId: `phone#${phoneKey(input.phone)}#${input.day}` };
    const sinceMs = toMillis(input.at) - input.limits.identicalSeconds * 1000;
    const kindCap = input.limits.perKind[input.kind];
    const conditions = [
      '(attribute_not_exists(#total) OR #total < :day)',
      ...(kindCap !== undefined ? ['(attribute_not_exists(#kind) OR #kind < :kindCap)'] : []),
      '(attribute_not_exists(lastAtMs) OR lastContent <> :content OR lastAtMs <= :sinceMs)',
    ];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key,
          UpdateExpression: 'SET lastContent = :content, lastAt = :at, lastAtMs = :atMs, expiresAtEpoch = :ttl ADD #total :one, #kind :one',
          ...(input.urgent ? {} : { ConditionExpression: conditions.join(' AND ') }),
          ExpressionAttributeNames: { '#total': 'total', '#kind': `k_${input.kind}` },
          ExpressionAttributeValues: {
            ':content': input.content,
            ':at': input.at,
            ':atMs': toMillis(input.at),
            ':ttl': Math.floor(toMillis(input.at) / 1000) + COUNTER_SECONDS,
            ':one': 1,
            ...(input.urgent ? {} : { ':day': input.limits.perDay, ':sinceMs': sinceMs, ...(kindCap !== undefined ? { ':kindCap': kindCap } : {}) }),
          },
        }),
      );
      return { allowed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
      const count: PhoneDayCount = {
        total: Number(Item?.total ?? 0),
        byKind: { [input.kind]: Number(Item?.[`k_${input.kind}`] ?? 0) },
        lastContent: Item?.lastContent as string | undefined,
        lastAt: Item?.lastAt as string | undefined,
      };
      // The item may have moved since the write was refused; a limit is named either way.
      return { allowed: false, limit: limitReached(count, input.kind, input.content, input.at, input.limits) ?? 'day', lastAt: count.lastAt };
    }
  }

  async refund(input: { phone: string; day: string; kind: SmsKind }): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { messageId: `phone#${phoneKey(input.phone)}#${input.day}` },
          UpdateExpression: 'ADD #total :minus, #kind :minus',
          ConditionExpression: '#total > :zero',
          ExpressionAttributeNames: { '#total': 'total', '#kind': `k_${input.kind}` },
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
