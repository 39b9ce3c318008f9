import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import type { AlertOccasion, EventOccasion, FestivalOccasion, MessageKey, Occasion } from '../../domain/special/occasion';
import type { Instant } from '../../domain/time/instant';
import type { ApplyStats, CreateResult, OccasionStats, OccasionStore } from '../../ports';
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
/** A sender as a key part: senders are free text (CAP forbids only spaces, commas, < and &). */
const senderPart = (sender: string) => createHash('sha256').update(sender).digest('hex').slice(0, 16);
const messageKey = (key: MessageKey) => ({ pk: `message#${senderPart(key.sender)}#${key.identifier}#${key.sent}` });
const referenceKey = (sender: string, identifier: string) => ({ pk: `ref#${senderPart(sender)}#${identifier}` });
const statsKey = (id: string) => ({ pk: `stats#${id}` });
/** The ids of the declared events not cancelled, as a string set (one atomic ADD or DELETE per change). */
const ACTIVE_EVENTS = { pk: 'events#active' };

/**
 * Occasions in one table keyed by `pk`: `occasion#…` (the occasion, with its revision),
 * `message#<sender>#<identifier>#<sent>` (each message handled: CAP identity is all three),
 * `ref#<sender>#<identifier>` (what a later message's references name), `stats#…` (counters
 * and the last revision whose application finished). The stream filter of the apply-occasion
 * function matches `occasion#…` keys only, so counting never re-triggers it.
 */
export class DynamoOccasionStore implements OccasionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async messageOccasion(key: MessageKey): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: messageKey(key), ConsistentRead: true }));
    return Item ? String(Item.occasionId) : undefined;
  }

  async recordMessage(key: MessageKey, occasionId: string, at: Instant): Promise<boolean> {
    // The reference first: a crash between the two leaves the message unrecorded, so its repeat is handled again.
    await conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: { ...referenceKey(key.sender, key.identifier), recordType: 'ref', occasionId, at }, ConditionExpression: 'attribute_not_exists(pk)' })));
    return conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...messageKey(key), recordType: 'message', occasionId, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async referencedOccasion(sender: string, identifier: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: referenceKey(sender, identifier), ConsistentRead: true }));
    return Item ? String(Item.occasionId) : undefined;
  }

  async get(occasionId: string): Promise<Occasion | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: occasionKey(occasionId), ConsistentRead: true }));
    return Item ? ({ ...(Item.occasion as Occasion), revision: typeof Item.revision === 'number' ? Item.revision : 1 } as Occasion) : undefined;
  }

  async putAlert(occasion: AlertOccasion, at: Instant): Promise<'written' | 'stale' | 'taken'> {
    const { revision: _r, ...stored } = occasion;
    const written = await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: occasionKey(occasion.occasionId),
          UpdateExpression: 'SET recordType = :t, occasion = :o, alertSent = :sent, alertSender = :sender, #status = :status, updatedAt = :at ADD revision :one',
          // A later message of the same sender wins; a cancelled alert stays cancelled; another sender's alert is not ours to change.
          ConditionExpression: 'attribute_not_exists(pk) OR ((attribute_not_exists(alertSender) OR alertSender = :sender) AND alertSent <= :sent AND #status = :active)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':t': 'occasion', ':o': stored, ':sent': occasion.alert.sent, ':sender': occasion.alert.sender, ':status': occasion.status, ':at': at, ':one': 1, ':active': 'active' },
        }),
      ),
    );
    if (written) return 'written';
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: occasionKey(occasion.occasionId), ConsistentRead: true, ProjectionExpression: 'alertSender' }));
    return Item?.alertSender !== undefined && Item.alertSender !== occasion.alert.sender ? 'taken' : 'stale';
  }

  async cancel(occasionId: string, at: Instant): Promise<boolean> {
    if (occasionId.startsWith('event:')) await this.client.send(new UpdateCommand({ TableName: this.table, Key: ACTIVE_EVENTS, UpdateExpression: 'DELETE ids :id', ExpressionAttributeValues: { ':id': new Set([occasionId]) } }));
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: occasionKey(occasionId),
          UpdateExpression: 'SET #status = :cancelled, occasion.#status = :cancelled, updatedAt = :at ADD revision :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': at, ':one': 1 },
        }),
      ),
    );
  }

  async createFestival(occasion: FestivalOccasion, at: Instant): Promise<CreateResult> {
    const created = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...occasionKey(occasion.occasionId), recordType: 'occasion', occasion, status: occasion.status, updatedAt: at, revision: 1 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return created ? 'created' : 'exists';
  }

  async putEvent(occasion: EventOccasion, at: Instant): Promise<'written' | 'cancelled'> {
    const { revision: _r, ...stored } = occasion;
    const written = await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: occasionKey(occasion.occasionId),
          UpdateExpression: 'SET recordType = :t, occasion = :o, #status = :active, updatedAt = :at ADD revision :one',
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':t': 'occasion', ':o': stored, ':active': 'active', ':at': at, ':one': 1 },
        }),
      ),
    );
    if (!written) return 'cancelled';
    await this.client.send(new UpdateCommand({ TableName: this.table, Key: ACTIVE_EVENTS, UpdateExpression: 'SET recordType = :t ADD ids :id', ExpressionAttributeValues: { ':t': 'events', ':id': new Set([occasion.occasionId]) } }));
    return 'written';
  }

  async activeEvents(): Promise<EventOccasion[]> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: ACTIVE_EVENTS, ConsistentRead: true }));
    const ids = [...((Item?.ids as Set<string> | undefined) ?? [])];
    const events = await Promise.all(ids.map((id) => this.get(id)));
    return events.filter((o): o is EventOccasion => o?.kind === 'event' && o.status === 'active');
  }

  async completeApply(occasionId: string, revision: number, stats: ApplyStats, at: Instant): Promise<boolean> {
    const entries = Object.entries(stats).filter(([, n]) => n !== 0);
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: statsKey(occasionId),
          UpdateExpression: `SET recordType = :t, appliedRevision = :r, appliedAt = :at${entries.length ? ` ADD ${entries.map((_, i) => `#k${i} :v${i}`).join(', ')}` : ''}`,
          ConditionExpression: 'attribute_not_exists(appliedRevision) OR appliedRevision < :r',
          ...(entries.length ? { ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])) } : {}),
          ExpressionAttributeValues: { ':t': 'stats', ':r': revision, ':at': at, ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])) },
        }),
      ),
    );
  }

  async appliedRevision(occasionId: string): Promise<number | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: statsKey(occasionId), ConsistentRead: true, ProjectionExpression: 'appliedRevision' }));
    return typeof Item?.appliedRevision === 'number' ? Item.appliedRevision : undefined;
  }

  async touch(occasionId: string, at: Instant): Promise<void> {
    await conditionally(() =>
      this.client.send(new UpdateCommand({ TableName: this.table, Key: occasionKey(occasionId), UpdateExpression: 'SET touchedAt = :at', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':at': at } })),
    );
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
