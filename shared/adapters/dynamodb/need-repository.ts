import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isOpenNeed } from '../../domain/care/need';
import type { Need } from '../../domain/care/need';
import type { CreateResult, NeedRepository } from '../../ports';
import { BadCursorError, decodeCursor, encodeCursor } from './cursor';
import { conditionally } from './errors';
import { withoutAttributes } from './items';
import { collect, queryAll } from './paging';

const INDEX_ATTRIBUTES = ['openCounty', 'openSort'];

/** The item for a need: the need, and the sparse index keys while it is open. */
export function needItem(need: Need): Record<string, unknown> {
  const open = isOpenNeed(need);
  return { ...need, openCounty: open ? need.countyCode : undefined, openSort: open ? `${need.villageCode}#${need.elderId}#${need.needKey}` : undefined };
}

const strip = (item: Record<string, unknown>) => withoutAttributes<Need>(item, INDEX_ATTRIBUTES);

/** Needs per elder (partition) and the open ones per area (a sparse index that loses a need once it closes). */
export class DynamoNeedRepository implements NeedRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createIfAbsent(need: Need): Promise<CreateResult> {
    const created = await conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: needItem(need), ConditionExpression: 'attribute_not_exists(elderId)' })));
    return created ? 'created' : 'exists';
  }

  async get(elderId: string, needKey: string): Promise<Need | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { elderId, needKey }, ConsistentRead: true }));
    return Item ? strip(Item) : undefined;
  }

  async update(need: Need): Promise<boolean> {
    return conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: needItem(need), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': need.version - 1 } })));
  }

  async forElder(elderId: string): Promise<Need[]> {
    const items = await collect(queryAll(this.client, { TableName: this.table, KeyConditionExpression: 'elderId = :e', ExpressionAttributeValues: { ':e': elderId }, ConsistentRead: true }));
    return items.map(strip);
  }

  async openInArea(areaCode: string, limit: number, cursor?: string): Promise<{ items: Need[]; next?: string | undefined }> {
    const county = areaCode.slice(0, 6);
    let start: Record<string, string> | undefined;
    if (cursor) {
      start = decodeCursor(cursor, ['elderId', 'needKey', 'openCounty', 'openSort']);
      // A cursor of another area would page outside the Query's key condition.
      if (start.openCounty !== county || !start.openSort!.startsWith(areaCode)) throw new BadCursorError('the cursor is not one this list gave');
    }
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'openByArea',
        KeyConditionExpression: 'openCounty = :c AND begins_with(openSort, :p)',
        ExpressionAttributeValues: { ':c': county, ':p': areaCode },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return { items: (out.Items ?? []).map(strip), next: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined };
  }
}
