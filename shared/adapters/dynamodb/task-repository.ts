import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isActive } from '../../domain/task/lifecycle';
import type { Task, TaskSummary } from '../../domain/task/task';
import type { Instant } from '../../domain/time/instant';
import type { CreateResult, EscalatedPage, JobPage, TaskArchive, TaskRepository } from '../../ports';
import { DEFAULT_RETENTION } from '../../config/retention-config';
import { expiryOf } from '../../domain/task/retention';
import { conditionally } from './errors';
import { withoutAttributes } from './items';
import { forEachLimit } from '../../app/concurrency';
import { batchGetAll } from './batch';
import { collect, queryAll, queryShards } from './paging';
import { allShards, shardOf } from './shard';
import { shardPage } from './job-pages';
import { escalatedKeys, escalatedPage } from './escalated-tasks';
import { byAreaOrder, keyOf, summaryOf } from './task-summary';

const INDEX_ATTRIBUTES = ['openVisitorId', 'visitorDue', 'attentionShard', 'attentionAt', 'areaMonth', 'areaSort', 'outcomeVisitor', 'escalatedCounty', 'escalatedSort', 'expiresAtEpoch'];

/** When an active task next needs attention: its due time, then each step of its ladder. */
function attentionOf(task: Task): Instant | undefined {
  return task.escalation ? task.escalation.nextAt : task.dueAt;
}

/**
 * Whether a task is in byAreaMonth: every task but one still with its visitor whose window's
 * outcome is not fixed yet (open or assigned, no outcome). Those are found by their visitor
 * (openByVisitor) and enter byAreaMonth with the write that fixes the outcome (the visit, the
 * miss, the cancellation), which already pays for the item and for leaving the open indexes;
 * so a task costs 3 units when it is created (README, "Write units").
 */
export function inAreaIndex(task: Pick<Task, 'state' | 'visitorId' | 'outcome'>): boolean {
  return !((task.state === 'open' || task.state === 'assigned') && task.visitorId !== undefined && task.outcome === undefined);
}

/** The item for a task: the task plus the keys of the indexes it belongs in right now, and its expiry once closed. */
export function taskItem(task: Task, closedTaskMonths: number = DEFAULT_RETENTION.closedTaskMonths): Record<string, unknown> {
  const active = isActive(task.state);
  const key = `${task.elderId}#${task.taskId}`;
  const attention = active ? attentionOf(task) : undefined;
  const openVisitorId = active && task.visitorId !== undefined ? task.visitorId : undefined;
  const byArea = inAreaIndex(task);
  return {
    ...task,
    openVisitorId,
    // Only while in the index: a closed routine item is then ≈ 920 bytes, under the 1 KB that would double each write.
    visitorDue: openVisitorId !== undefined ? `${task.dueAt}#${key}` : undefined,
    attentionShard: attention !== undefined ? shardOf('a', key) : undefined,
    attentionAt: attention !== undefined ? `${attention}#${key}` : undefined,
    areaMonth: byArea ? `${task.countyCode}#${task.end.slice(0, 7)}` : undefined,
    areaSort: byArea ? `${task.villageCode}#${task.elderId}#${task.taskId}` : undefined,
    // Per-visitor rates count the visitor responsible when the window's outcome was fixed.
    outcomeVisitor: task.outcome?.visitorId !== undefined ? `${task.outcome.visitorId}#${task.end.slice(0, 7)}` : undefined,
    ...escalatedKeys(task, key),
    expiresAtEpoch: expiryOf(task, closedTaskMonths),
  };
}

const strip = <T>(item: Record<string, unknown>): T => withoutAttributes<T>(item, INDEX_ATTRIBUTES);

export interface TaskStoreOptions {
  /** The region's retention.closedTaskMonths. */
  closedTaskMonths?: number;
  /** Where rates and reports find a month's tasks once they expired here. */
  archive?: Pick<TaskArchive, 'areaMonth' | 'visitorMonth'>;
  /** Who may hold an area's open tasks (whoMayHold): where inAreaMonth finds the tasks byAreaMonth does not hold yet. */
  holdersOf?: (areaCode: string) => Promise<string[]>;
}

/** The first list whole, then of each later one only the tasks none before held, in the index's order. */
function merged(...lists: readonly (readonly TaskSummary[])[]): TaskSummary[] {
  const held = new Map<string, TaskSummary>();
  for (const list of lists) for (const t of list) if (!held.has(keyOf(t))) held.set(keyOf(t), t);
  return [...held.values()].sort(byAreaOrder);
}

export class DynamoTaskRepository implements TaskRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: TaskStoreOptions = {},
  ) {}

  private item(task: Task): Record<string, unknown> {
    return taskItem(task, this.options.closedTaskMonths);
  }

  async createIfAbsent(task: Task): Promise<CreateResult> {
    const created = await conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: this.item(task), ConditionExpression: 'attribute_not_exists(elderId)' })));
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
          Item: this.item(task),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': task.version - 1 },
        }),
      ),
    );
  }

  async forElder(elderId: string): Promise<Task[]> {
    const items = await collect(queryAll(this.client, { TableName: this.table, KeyConditionExpression: 'elderId = :e', ExpressionAttributeValues: { ':e': elderId } }));
    return items.map((i) => strip<Task>(i));
  }

  async openForVisitor(visitorId: string): Promise<Task[]> {
    const keys = await collect(
      queryAll(this.client, {
        TableName: this.table,
        IndexName: 'openByVisitor',
        KeyConditionExpression: 'openVisitorId = :v',
        ExpressionAttributeValues: { ':v': visitorId },
      }),
    );
    // The index is eventually consistent: a task handed on since is no longer this visitor's.
    return (await this.hydrate(keys)).filter((i) => i.openVisitorId === visitorId).map((i) => strip<Task>(i));
  }

  async needingAttention(at: Instant, limit: number): Promise<Task[]> {
    const keys = await queryShards(this.client, { TableName: this.table, IndexName: 'openByAttention' }, allShards('a'), { partition: 'attentionShard', sort: 'attentionAt' }, at, limit);
    return (await this.hydrate(keys)).filter((i) => i.attentionAt !== undefined).map((i) => strip<Task>(i));
  }

  /**
   * The whole items behind entries of a KEYS_ONLY index, in the index's order (BatchGetItem
   * answers in any order). Tasks found there are read whole anyway, to be shown or written back.
   */
  async hydrate(entries: readonly Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const keyOf = (i: Record<string, unknown>) => `${String(i.elderId)}#${String(i.taskId)}`;
    const keys = entries.map((e) => ({ elderId: e.elderId, taskId: e.taskId }));
    const found = new Map<string, Record<string, unknown>>();
    const chunks = Array.from({ length: Math.ceil(keys.length / 100) }, (_, i) => keys.slice(i * 100, i * 100 + 100));
    await forEachLimit(chunks, 8, async (chunk) => {
      for (const item of await batchGetAll(this.client, this.table, chunk)) found.set(keyOf(item), item);
    });
    return entries.map((e) => found.get(keyOf(e))).filter((i): i is Record<string, unknown> => i !== undefined);
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
    // The index holds keys only (scale-store): the page's tasks are read whole, in the index's order;
    // one that left the index since (closed, moved on) is dropped, as needingAttention does.
    return { items: (await this.hydrate(page.items)).filter((i) => i.attentionAt !== undefined).map((i) => strip<Task>(i)), next: page.next };
  }

  inAreaMonth(areaCode: string, month: string): Promise<TaskSummary[]> {
    return this.inAreaMonths(areaCode, [month]);
  }

  async inAreaMonths(areaCode: string, months: readonly string[]): Promise<TaskSummary[]> {
    // Read first: a task whose outcome is fixed between the two reads is then in the index too, never in neither.
    const pending = await this.pendingInArea(areaCode, new Set(months));
    const perMonth = await Promise.all(
      [...new Set(months)].map(async (month) => {
        const items = await collect(
          queryAll(this.client, {
            TableName: this.table,
            IndexName: 'byAreaMonth',
            KeyConditionExpression: 'areaMonth = :a AND begins_with(areaSort, :p)',
            ExpressionAttributeValues: { ':a': `${areaCode.slice(0, 6)}#${month}`, ':p': areaCode },
          }),
        );
        const archived = this.options.archive ? await this.options.archive.areaMonth(areaCode, month) : [];
        return [items.map((i) => strip<TaskSummary>(i)), archived];
      }),
    );
    return merged(pending, ...perMonth.flat());
  }

  /** The area's tasks of these months still with their visitor, outcome not fixed: not in byAreaMonth yet (inAreaIndex). */
  private async pendingInArea(areaCode: string, months: ReadonlySet<string>): Promise<TaskSummary[]> {
    if (!this.options.holdersOf) throw new Error('inAreaMonth needs TaskStoreOptions.holdersOf: the tasks still with their visitor are found through them');
    const out: TaskSummary[] = [];
    await forEachLimit(await this.options.holdersOf(areaCode), 8, async (visitorId) => {
      for (const t of await this.openForVisitor(visitorId)) {
        if (t.villageCode.startsWith(areaCode) && months.has(t.end.slice(0, 7)) && !inAreaIndex(t)) out.push(summaryOf(t));
      }
    });
    return out;
  }

  async closedForVisitor(visitorId: string, month: string): Promise<TaskSummary[]> {
    const items = await collect(queryAll(this.client, { TableName: this.table, IndexName: 'closedByVisitor', KeyConditionExpression: 'outcomeVisitor = :v', ExpressionAttributeValues: { ':v': `${visitorId}#${month}` } }));
    const archived = this.options.archive ? await this.options.archive.visitorMonth(visitorId, month) : [];
    return merged(
      items.map((i) => strip<TaskSummary>(i)),
      archived,
    );
  }

  async escalatedInArea(counties: readonly string[], prefix: string | undefined, limit: number, cursor?: string): Promise<EscalatedPage> {
    return escalatedPage(this.client, this.table, counties, prefix, limit, cursor);
  }
}
