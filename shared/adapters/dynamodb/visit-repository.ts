import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { VisitRecord, VisitReview } from '../../domain/visit/visit-form';
import { toInstant } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import type { CreateResult, FlaggedVisit, VisitRepository } from '../../ports';
import { decodeCursor, encodeCursor } from './cursor';

const INDEX_ATTRIBUTES = ['visitorSort', 'reviewCounty', 'reviewSort'];

function strip(item: Record<string, unknown>): VisitRecord {
  const copy = { ...item };
  for (const key of INDEX_ATTRIBUTES) delete copy[key];
  return copy as unknown as VisitRecord;
}

/** The item for a new visit: a flagged one enters the review list of its county until a verdict is recorded. */
function visitItem(visit: VisitRecord): Record<string, unknown> {
  const awaiting = (visit.flags?.length ?? 0) > 0 && visit.review === undefined && visit.villageCode !== undefined;
  return {
    ...visit,
    visitorSort: `${toInstant(new Date(visit.visitedAt))}#${visit.visitId}`,
    ...(awaiting ? { reviewCounty: visit.villageCode!.slice(0, 6), reviewSort: `${visit.villageCode}#${toInstant(new Date(visit.visitedAt))}#${visit.visitId}` } : {}),
  };
}
import { conditionally } from './errors';
import { collect, queryAll } from './paging';

export class DynamoVisitRepository implements VisitRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * A visit id is one visit, whichever elder or task a later post names: the id is claimed
   * first (`visit#<id>` → the elder it was stored for), so a re-post that names another elder
   * finds the original instead of storing a second visit.
   */
  async createIfAbsent(visit: VisitRecord): Promise<{ result: CreateResult; visit: VisitRecord | undefined }> {
    const claimed = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { elderId: `visit#${visit.visitId}`, visitId: 'claim', owner: visit.elderId },
          ConditionExpression: 'attribute_not_exists(elderId) OR #owner = :me',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':me': visit.elderId },
        }),
      ),
    );
    if (!claimed) {
      const { Item: claim } = await this.client.send(new GetCommand({ TableName: this.table, Key: { elderId: `visit#${visit.visitId}`, visitId: 'claim' }, ConsistentRead: true }));
      return { result: 'exists', visit: claim ? await this.get(String(claim.owner), visit.visitId) : undefined };
    }
    const created = await conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: visitItem(visit), ConditionExpression: 'attribute_not_exists(visitId)' })));
    if (created) return { result: 'created', visit };
    return { result: 'exists', visit: await this.get(visit.elderId, visit.visitId) };
  }

  async countForElder(elderId: string): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ TableName: this.table, KeyConditionExpression: 'elderId = :e', ExpressionAttributeValues: { ':e': elderId }, Select: 'COUNT', ExclusiveStartKey: start }));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async forElder(elderId: string): Promise<VisitRecord[]> {
    const items = await collect(queryAll(this.client, { TableName: this.table, KeyConditionExpression: 'elderId = :e', ExpressionAttributeValues: { ':e': elderId } }));
    return items.map(strip);
  }

  async byVisitorBetween(visitorId: string, from: Instant, to: Instant): Promise<Pick<VisitRecord, 'visitId' | 'elderId' | 'visitedAt' | 'method'>[]> {
    const items = await collect(
      queryAll(this.client, {
        TableName: this.table,
        IndexName: 'byVisitor',
        KeyConditionExpression: 'visitorId = :v AND visitorSort BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':v': visitorId, ':from': from, ':to': `${to}~` },
      }),
    );
    return items.map((i) => ({ visitId: String(i.visitId), elderId: String(i.elderId), visitedAt: String(i.visitedAt), method: i.method as VisitRecord['method'] }));
  }

  async get(elderId: string, visitId: string): Promise<VisitRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { elderId, visitId }, ConsistentRead: true }));
    return Item ? strip(Item) : undefined;
  }

  async setReview(elderId: string, visitId: string, review: VisitReview): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { elderId, visitId },
          UpdateExpression: 'SET review = :r REMOVE reviewCounty, reviewSort',
          ConditionExpression: 'attribute_exists(visitId) AND attribute_not_exists(review)',
          ExpressionAttributeValues: { ':r': review },
        }),
      ),
    );
  }

  async awaitingReview(county: string, prefix: string, limit: number, cursor?: string): Promise<{ items: FlaggedVisit[]; next?: string | undefined }> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'awaitingReview',
        KeyConditionExpression: 'reviewCounty = :c AND begins_with(reviewSort, :p)',
        ExpressionAttributeValues: { ':c': county, ':p': prefix },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, ['elderId', 'visitId', 'reviewCounty', 'reviewSort']) } : {}),
      }),
    );
    return { items: (out.Items ?? []).map((i) => strip(i) as FlaggedVisit), next: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined };
  }
}
