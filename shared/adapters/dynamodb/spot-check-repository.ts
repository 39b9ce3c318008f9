import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SpotCheckDraw, SpotCheckResult } from '../../domain/reports/spot-check-record';
import type { CreateResult, SpotCheckStore } from '../../ports';
import { conditionally } from './errors';
import { collect, queryAll } from './paging';

const DRAW = '#draw';
const drawId = (township: string, month: string) => `${township}#${month}`;

/** 抽查 draws and results: one partition per township and month, read with one Query. */
export class DynamoSpotCheckStore implements SpotCheckStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getDraw(township: string, month: string): Promise<{ draw: SpotCheckDraw; results: SpotCheckResult[] } | undefined> {
    const items = await collect(queryAll(this.client, { TableName: this.table, KeyConditionExpression: 'drawId = :d', ExpressionAttributeValues: { ':d': drawId(township, month) }, ConsistentRead: true }));
    const header = items.find((i) => i.entry === DRAW);
    if (!header) return undefined;
    const { drawId: _d, entry: _e, ...draw } = header;
    return { draw: draw as unknown as SpotCheckDraw, results: items.filter((i) => i.entry !== DRAW).map(({ drawId: _x, entry: _y, ...r }) => r as unknown as SpotCheckResult) };
  }

  async createDraw(draw: SpotCheckDraw): Promise<CreateResult> {
    const created = await conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: { drawId: drawId(draw.township, draw.month), entry: DRAW, ...draw }, ConditionExpression: 'attribute_not_exists(drawId)' })));
    return created ? 'created' : 'exists';
  }

  async saveResult(result: SpotCheckResult): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { drawId: drawId(result.township, result.month), entry: `${result.elderId}#${result.visitId}`, ...result },
          // An unreachable elder may be called again; a confirmed or denied visit is settled.
          ConditionExpression: 'attribute_not_exists(drawId) OR #r = :unreachable',
          ExpressionAttributeNames: { '#r': 'result' },
          ExpressionAttributeValues: { ':unreachable': 'unreachable' },
        }),
      ),
    );
  }
}
