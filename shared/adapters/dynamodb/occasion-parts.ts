import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApplyStats, OccasionApplyPlan, OccasionPartKey, OccasionParts } from '../../ports';
import { conditionally, isConditionFailure } from './errors';

const COUNTERS = ['elders', 'tasksCreated', 'tasksMerged', 'tasksCancelled', 'noticesQueued'] as const satisfies readonly (keyof ApplyStats)[];

const planKey = (occasionId: string, revision: number) => ({ pk: `apply#${occasionId}#${revision}` });
const partKey = (k: OccasionPartKey) => ({ pk: `apply#${k.occasionId}#${k.revision}#${k.part}` });

const countersOf = (item: Record<string, unknown> | undefined): ApplyStats => Object.fromEntries(COUNTERS.map((c) => [c, Number(item?.[c] ?? 0)])) as ApplyStats;

/** `ADD` of every counter (zeros included, so the item always holds all five). */
const addCounters = (stats: ApplyStats) => ({
  expression: COUNTERS.map((c, i) => `#c${i} :c${i}`).join(', '),
  names: Object.fromEntries(COUNTERS.map((c, i) => [`#c${i}`, c])),
  values: Object.fromEntries(COUNTERS.map((c, i) => [`:c${i}`, stats[c]])),
});

/**
 * An occasion's application in parts, on the occasions table: `apply#<occasion>#<revision>` (the
 * plan, the parts finished as a number set, their counters summed) and `apply#…#<part>` (the part's
 * cursor and counters). The apply-occasion stream filter matches `occasion#…` keys only, so these
 * writes never trigger it. Every write is one conditional UpdateItem: a page's counters move with
 * its cursor, and a part's with its entry in the finished set, so neither is ever added twice.
 */
export class DynamoOccasionParts implements OccasionParts {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async start(occasionId: string, revision: number, plan: OccasionApplyPlan): Promise<OccasionApplyPlan> {
    const created = await conditionally(() =>
      this.client.send(new PutCommand({ TableName: this.table, Item: { ...planKey(occasionId, revision), recordType: 'apply', startedAt: plan.startedAt, parts: plan.parts }, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    if (created) return plan;
    const stored = await this.plan(occasionId, revision);
    if (!stored) throw new Error(`the plan of ${occasionId} revision ${revision} vanished while it was being read`);
    return stored;
  }

  async plan(occasionId: string, revision: number): Promise<OccasionApplyPlan | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: planKey(occasionId, revision), ConsistentRead: true, ProjectionExpression: 'startedAt, parts' }));
    return Item ? { startedAt: String(Item.startedAt), parts: Number(Item.parts) } : undefined;
  }

  async progress(key: OccasionPartKey): Promise<{ after?: string | undefined; done: boolean } | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: partKey(key), ConsistentRead: true, ProjectionExpression: '#at, done', ExpressionAttributeNames: { '#at': 'at' } }));
    if (!Item) return undefined;
    return { done: Item.done === true, ...(typeof Item.at === 'string' ? { after: Item.at } : {}) };
  }

  async advance(key: OccasionPartKey, from: string | undefined, next: string | undefined, counted: ApplyStats): Promise<boolean> {
    const add = addCounters(counted);
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: partKey(key),
          UpdateExpression: `SET recordType = :t, done = :done${next === undefined ? ' REMOVE #at' : ', #at = :next'} ADD ${add.expression}`,
          // The first page creates the item; every later one must find the cursor where it began.
          ConditionExpression: from === undefined ? 'attribute_not_exists(pk)' : '#at = :from AND done = :no',
          ExpressionAttributeNames: { '#at': 'at', ...add.names },
          ExpressionAttributeValues: { ':t': 'apply-part', ':done': next === undefined, ...(next === undefined ? {} : { ':next': next }), ...(from === undefined ? {} : { ':from': from, ':no': false }), ...add.values },
        }),
      ),
    );
  }

  async finish(key: OccasionPartKey): Promise<{ finished: number; stats: ApplyStats }> {
    const { Item: part } = await this.client.send(new GetCommand({ TableName: this.table, Key: partKey(key), ConsistentRead: true }));
    if (part?.done !== true) throw new Error(`part ${key.part} of ${key.occasionId} revision ${key.revision} is not done`);
    const add = addCounters(countersOf(part));
    let item: Record<string, unknown> | undefined;
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: planKey(key.occasionId, key.revision),
          UpdateExpression: `ADD finishedParts :p, ${add.expression}`,
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(finishedParts, :n)',
          ExpressionAttributeNames: add.names,
          ExpressionAttributeValues: { ':p': new Set([key.part]), ':n': key.part, ...add.values },
          ReturnValues: 'ALL_NEW',
        }),
      );
      item = out.Attributes;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      item = (await this.client.send(new GetCommand({ TableName: this.table, Key: planKey(key.occasionId, key.revision), ConsistentRead: true }))).Item;
    }
    const finished = item?.finishedParts instanceof Set ? item.finishedParts.size : 0;
    return { finished, stats: countersOf(item) };
  }
}
