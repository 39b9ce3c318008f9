import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { archivedTaskOf } from '../../domain/task/archived';
import type { ArchivedTask } from '../../domain/task/archived';
import type { Task, TaskSummary } from '../../domain/task/task';
import type { Instant } from '../../domain/time/instant';
import type { ArchivePass, TaskArchive } from '../../ports';
import { batchGetAll, batchPutAll } from './batch';
import { collect, queryAll } from './paging';
import { byAreaOrder as order, keyOf, summaryOf } from './task-summary';
/** Summaries per item: ≈ 350 bytes each, well under DynamoDB's 400 KB item limit. */
const CHUNK = 200;

/** What is already kept joined with what the hot table holds now: hot wins, nothing kept is dropped. */
function union<T extends { elderId: string; taskId: string }>(kept: readonly T[], hot: readonly T[]): T[] {
  const all = new Map(kept.map((t) => [keyOf(t), t]));
  for (const t of hot) all.set(keyOf(t), t);
  return [...all.values()];
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

const chunks = <T>(items: readonly T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * The archive of closed tasks (table `archive`, no indexes). A pass over a county's month reads
 * the month's tasks whole (byAreaMonth, then BatchGetItem) and writes one item per elder, one per
 * village chunk and one per visitor chunk, then the month's `#done` marker. Passes add to what
 * earlier passes kept, so a rerun after some tasks expired never loses them.
 */
export class DynamoTaskArchive implements TaskArchive {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { tasks: string; archive: string },
  ) {}

  async archiveMonth(countyCode: string, month: string, at: Instant): Promise<ArchivePass> {
    const entries = await collect(queryAll(this.client, { TableName: this.tables.tasks, IndexName: 'byAreaMonth', KeyConditionExpression: 'areaMonth = :a', ExpressionAttributeValues: { ':a': `${countyCode}#${month}` } }));
    const hot = (await batchGetAll(
      this.client,
      this.tables.tasks,
      entries.map((e) => ({ elderId: e.elderId, taskId: e.taskId })),
    )) as unknown as Task[];
    const items: Record<string, unknown>[] = [];

    const byElder = groupBy(hot, (t) => t.elderId);
    const keptElders = await batchGetAll(
      this.client,
      this.tables.archive,
      [...byElder.keys()].map((e) => ({ pk: `elder#${e}`, sk: month })),
    );
    const keptByElder = new Map(keptElders.map((i) => [String(i.pk).slice(6), (i.tasks as ArchivedTask[]) ?? []]));
    for (const [elderId, tasks] of byElder) {
      items.push({ pk: `elder#${elderId}`, sk: month, tasks: union(keptByElder.get(elderId) ?? [], tasks.map(archivedTaskOf)).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.taskId.localeCompare(b.taskId)) });
    }

    const area = union(await this.areaMonth(countyCode, month), hot.map(summaryOf)).sort(order);
    for (const [village, tasks] of groupBy(area, (t) => t.villageCode)) chunks(tasks).forEach((c, n) => items.push({ pk: `area#${countyCode}#${month}`, sk: `${village}#${String(n).padStart(3, '0')}`, tasks: c }));

    const closed = hot.filter((t) => t.kind === 'routine' && t.outcome?.visitorId !== undefined);
    for (const [visitorId, tasks] of groupBy(closed, (t) => t.outcome!.visitorId)) {
      const all = union(await this.visitorMonth(visitorId, month), tasks.map(summaryOf)).sort(order);
      chunks(all).forEach((c, n) => items.push({ pk: `visitor#${visitorId}#${month}`, sk: String(n).padStart(3, '0'), tasks: c }));
    }

    await batchPutAll(this.client, this.tables.archive, items);
    // Written last: a month with its marker has every item of the pass.
    await batchPutAll(this.client, this.tables.archive, [{ pk: `area#${countyCode}#${month}`, sk: '#done', archivedAt: at, tasks: area.length }]);
    return { tasks: area.length, items: items.length + 1 };
  }

  async areaMonth(areaCode: string, month: string): Promise<TaskSummary[]> {
    return this.tasksOf(`area#${areaCode.slice(0, 6)}#${month}`, areaCode);
  }

  async visitorMonth(visitorId: string, month: string): Promise<TaskSummary[]> {
    return this.tasksOf(`visitor#${visitorId}#${month}`);
  }

  async forElder(elderId: string): Promise<ArchivedTask[]> {
    return this.tasksOf(`elder#${elderId}`);
  }

  private async tasksOf<T>(pk: string, prefix?: string): Promise<T[]> {
    const items = await collect(
      queryAll(this.client, {
        TableName: this.tables.archive,
        KeyConditionExpression: prefix ? 'pk = :p AND begins_with(sk, :s)' : 'pk = :p',
        ExpressionAttributeValues: prefix ? { ':p': pk, ':s': prefix } : { ':p': pk },
      }),
    );
    return items.filter((i) => Array.isArray(i.tasks)).flatMap((i) => i.tasks as T[]);
  }
}

/** The month's marker: when its last pass ran and how many tasks the archive holds for it. */
export async function archivedMonth(client: DynamoDBDocumentClient, table: string, countyCode: string, month: string): Promise<{ archivedAt: Instant; tasks: number } | undefined> {
  const out = await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p AND sk = :s', ExpressionAttributeValues: { ':p': `area#${countyCode}#${month}`, ':s': '#done' } }));
  const item = out.Items?.[0];
  return item ? { archivedAt: String(item.archivedAt), tasks: Number(item.tasks) } : undefined;
}
