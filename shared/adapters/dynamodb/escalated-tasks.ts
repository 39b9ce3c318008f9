import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Task } from '../../domain/task/task';
import { isActive } from '../../domain/task/lifecycle';
import type { EscalatedPage, EscalatedTask } from '../../ports';
import { BadCursorError, decodeCursorWith, encodeCursor } from './cursor';
import { withoutAttributes } from './items';

const key = z.string().min(1).max(300);
const cursorSchema = z
  .object({
    /** Which of the counties the list stands in. */
    i: z.number().int().min(0).max(1000),
    /** The last key read there; absent when that county is to be read from its start. */
    k: z.object({ elderId: key, taskId: key, escalatedCounty: key, escalatedSort: key }).strict().optional(),
  })
  .strict();

/**
 * The keys of the sparse `escalatedByArea` index: an active task is in it once its window
 * closed unvisited (missed) or its ladder has notified someone. Sorted by village, then due time.
 */
export function escalatedKeys(task: Task, itemKey: string): { escalatedCounty?: string; escalatedSort?: string } {
  const inInbox = isActive(task.state) && (task.state === 'missed' || (task.escalation?.level ?? 0) >= 1);
  return inInbox ? { escalatedCounty: task.countyCode, escalatedSort: `${task.villageCode}#${task.dueAt}#${itemKey}` } : {};
}

/**
 * One page of the escalation inbox over one or more counties (a city-level supervisor spans
 * several): a Query per county, `begins_with` on the township or village code.
 */
export async function escalatedPage(client: DynamoDBDocumentClient, table: string, counties: readonly string[], prefix: string | undefined, limit: number, cursor?: string): Promise<EscalatedPage> {
  const from = cursor ? decodeCursorWith(cursor, cursorSchema) : { i: 0 };
  if (from.i >= counties.length || (from.k && from.k.escalatedCounty !== counties[from.i])) throw new BadCursorError('the cursor is not one this list gave');
  const items: EscalatedTask[] = [];
  let start = from.k;
  for (let i = from.i; i < counties.length; i++, start = undefined) {
    if (items.length >= limit) return { items, next: encodeCursor({ i }) };
    const out = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'escalatedByArea',
        KeyConditionExpression: prefix ? 'escalatedCounty = :c AND begins_with(escalatedSort, :p)' : 'escalatedCounty = :c',
        ExpressionAttributeValues: prefix ? { ':c': counties[i], ':p': prefix } : { ':c': counties[i] },
        Limit: limit - items.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map((item) => withoutAttributes<EscalatedTask>(item, ['escalatedCounty', 'escalatedSort'])));
    if (out.LastEvaluatedKey) return { items, next: encodeCursor({ i, k: out.LastEvaluatedKey }) };
  }
  return { items };
}
