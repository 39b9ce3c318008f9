import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isActive } from '../../domain/task/lifecycle';
import type { Task, TaskSummary } from '../../domain/task/task';
import type { Instant } from '../../domain/time/instant';
import type { CreateResult, EscalatedPage, JobPage, TaskRepository } from '../../ports';
import { conditionally } from './errors';
import { withoutAttributes } from './items';
import { collect, queryAll, queryShards } from './paging';
import { allShards, shardOf } from './shard';
import { shardPage } from './job-pages';
import { escalatedKeys, escalatedPage } from './escalated-tasks';

const INDEX_ATTRIBUTES = ['openVisitorId', 'visitorDue', 'attentionShard', 'attentionAt', 'areaMonth', 'areaSort', 'outcomeVisitor', 'escalatedCounty', 'escalatedSort'];

/** When an active task next needs attention: its due time, then each step of its ladder. */
function attentionOf(task: Task): Instant | undefined {
  return task.escalation ? task.escalation.nextAt : task.dueAt;
}

/** The item for a task: the task plus the keys of the indexes it belongs in right now. */
export function taskItem(task: Task): Record<string, unknown> {
  const active = isActive(task.state);
  const key = `${task.elderId}#${task.taskId}`;
  const attention = active ? attentionOf(task) : undefined;
  return {
    ...task,
    openVisitorId: active && task.visitorId !== undefined ? task.visitorId : undefined,
    visitorDue: `${task.dueAt}#${key}`,
    attentionShard: attention !== undefined ? shardOf('a', key) : undefined,
    attentionAt: attention !== undefined ? `${attention}#${key}` : undefined,
    areaMonth: `${task.countyCode}#${task.end.slice(0, 7)}`,
    areaSort: `${task.villageCode}#${task.elderId}#${task.taskId}`,
    // Per-visitor rates count the visitor responsible when the window's outcome was fixed.
    outcomeVisitor: task.outcome?.visitorId !== undefined ? `${task.outcome.visitorId}#${task.end.slice(0, 7)}` : undefined,
    ...escalatedKeys(task, key),
  };
}

const strip = <T>(item: Record<string, unknown>): T => withoutAttributes<T>(item, INDEX_ATTRIBUTES);

export class DynamoTaskRepository implements TaskRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createIfAbsent(task: Task): Promise<CreateResult> {
    const created = await conditionally(() =>
      this.client.send(
        new PutCommand({ TableName: this.table, Item: taskItem(task), ConditionExpression: 'attribute_not_exists(elderId)' }),
      ),
    );
    return created ? 'created' : 'exists';
  }

  async get(elderId: string, taskId: string): Promise<Task | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { elderId, taskId } }));
    return Item ? strip<Task>(Item) : undefined;
  }

  async update(task: Task): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: taskItem(task),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': task.version - 1 },
        }),
      ),
    );
  }

  async forElder(elderId: string): Promise<Task[]> {
    const items = await collect(
      queryAll(this.client, { TableName: this.table, KeyConditionExpression: 'elderId = :e', ExpressionAttributeValues: { ':e': elderId } }),
    );
    return items.map((i) => strip<Task>(i));
  }

  async openForVisitor(visitorId: string): Promise<Task[]> {
    const items = await collect(
      queryAll(this.client, {
        TableName: this.table,
        IndexName: 'openByVisitor',
        KeyConditionExpression: 'openVisitorId = :v',
        ExpressionAttributeValues: { ':v': visitorId },
      }),
    );
    return items.map((i) => strip<Task>(i));
  }

  async needingAttention(at: Instant, limit: number): Promise<Task[]> {
    const items = await queryShards(
      this.client,
      { TableName: this.table, IndexName: 'openByAttention' },
      allShards('a'),
      { partition: 'attentionShard', sort: 'attentionAt' },
      at,
      limit,
    );
    return items.map((i) => strip<Task>(i));
  }

  attentionShards(): string[] {
    return allShards('a');
  }

  async pageNeedingAttention(shard: string, at: Instant, limit: number, after?: string): Promise<JobPage<Task>> {
    const page = await shardPage(this.client, {
      table: this.table,
      index: 'openByAttention',
      partition: 'attentionShard',
      sort: 'attentionAt',
      shard,
      upTo: at,
      limit,
      after,
      // `<instant>#<elderId>#<taskId>`: the instant and the elder id hold no '#', the task id may.
      tableKey: (sortValue) => {
        const m = /^[0-9T:.+-]{10,40}#([A-Za-z0-9_-]{1,64})#(.{1,200})$/.exec(sortValue);
        return m ? { elderId: m[1]!, taskId: m[2]! } : undefined;
      },
    });
    return { items: page.items.map((i) => strip<Task>(i)), next: page.next };
  }

  async inAreaMonth(areaCode: string, month: string): Promise<TaskSummary[]> {
    const items = await collect(
      queryAll(this.client, {
        TableName: this.table,
        IndexName: 'byAreaMonth',
        KeyConditionExpression: 'areaMonth = :a AND begins_with(areaSort, :p)',
        ExpressionAttributeValues: { ':a': `${areaCode.slice(0, 6)}#${month}`, ':p': areaCode },
      }),
    );
    return items.map((i) => strip<TaskSummary>(i));
  }

  async closedForVisitor(visitorId: string, month: string): Promise<TaskSummary[]> {
    const items = await collect(
      queryAll(this.client, { TableName: this.table, IndexName: 'closedByVisitor', KeyConditionExpression: 'outcomeVisitor = :v', ExpressionAttributeValues: { ':v': `${visitorId}#${month}` } }),
    );
    return items.map((i) => strip<TaskSummary>(i));
  }

  async escalatedInArea(counties: readonly string[], prefix: string | undefined, limit: number, cursor?: string): Promise<EscalatedPage> {
    return escalatedPage(this.client, this.table, counties, prefix, limit, cursor);
  }
}
