import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertOccasion, FestivalOccasion, Occasion } from '../../domain/special/occasion';
import type { Instant } from '../../domain/time/instant';
import type { CreateResult, OccasionStats, OccasionStore } from '../../ports';
import { conditionally } from './errors';

export const EMPTY_STATS: OccasionStats = {
  elders: 0,
  tasksCreated: 0,
  tasksMerged: 0,
  tasksCancelled: 0,
  noticesQueued: 0,
  noticesSent: 0,
  noticesFailed: 0,
  noticesCancelled: 0,
  noticesHeld: 0,
  noticesDelivered: 0,
  noticesUndelivered: 0,
};

const occasionKey = (id: string) => ({ pk: `occasion#${id}` });
const messageKey = (identifier: string) => ({ pk: `message#${identifier}` });
const statsKey = (id: string) => ({ pk: `stats#${id}` });

/**
 * Occasions in one table keyed by `pk`. Only `occasion#…` items carry `recordType: "occasion"`,
 * which the stream filter of the apply-occasion function matches, so counting notices never
 * re-triggers it.
 */
export class DynamoOccasionStore implements OccasionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async messageOccasion(identifier: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: messageKey(identifier), ConsistentRead: true }));
    return Item ? String(Item.occasionId) : undefined;
  }

  async recordMessage(identifier: string, occasionId: string, at: Instant): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...messageKey(identifier), recordType: 'message', occasionId, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(occasionId: string): Promise<Occasion | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: occasionKey(occasionId), ConsistentRead: true }));
    return Item ? (Item.occasion as Occasion) : undefined;
  }

  async putAlert(occasion: AlertOccasion, at: Instant): Promise<'written' | 'stale'> {
    const written = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...occasionKey(occasion.occasionId), recordType: 'occasion', occasion, alertSent: occasion.alert.sent, status: occasion.status, updatedAt: at },
          // A later message wins; a cancelled alert stays cancelled.
          ConditionExpression: 'attribute_not_exists(pk) OR (alertSent <= :sent AND #status = :active)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': occasion.alert.sent, ':active': 'active' },
        }),
      ),
    );
    return written ? 'written' : 'stale';
  }

  async cancel(occasionId: string, at: Instant): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: occasionKey(occasionId),
          UpdateExpression: 'SET #status = :cancelled, occasion.#status = :cancelled, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': at },
        }),
      ),
    );
  }

  async createFestival(occasion: FestivalOccasion, at: Instant): Promise<CreateResult> {
    const created = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...occasionKey(occasion.occasionId), recordType: 'occasion', occasion, status: occasion.status, updatedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return created ? 'created' : 'exists';
  }

  async addStats(occasionId: string, delta: Partial<OccasionStats>): Promise<void> {
    const entries = Object.entries(delta).filter(([, n]) => n !== undefined && n !== 0);
    if (entries.length === 0) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: statsKey(occasionId),
        UpdateExpression: `SET recordType = :t ADD ${entries.map((_, i) => `#k${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
        ExpressionAttributeValues: { ':t': 'stats', ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])) },
      }),
    );
  }

  async stats(occasionId: string): Promise<OccasionStats> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: statsKey(occasionId), ConsistentRead: true }));
    const stats = { ...EMPTY_STATS };
    for (const key of Object.keys(stats) as (keyof OccasionStats)[]) stats[key] = Number(Item?.[key] ?? 0);
    return stats;
  }

  async isCancelled(occasionId: string): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: occasionKey(occasionId), ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'status' } }));
    return Item?.status === 'cancelled';
  }
}
