import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/validation';
import type { JobPage } from '../../ports';

export interface ShardPageQuery {
  table: string;
  index: string;
  partition: string;
  sort: string;
  shard: string;
  /** Sort keys up to this date or instant (the unique keys add `#<item key>`). */
  upTo: string;
  limit: number;
  /** The sort key of the last item of the page before (`next`), or undefined for the first page. */
  after?: string | undefined;
  /** The table's key of an item, from its unique index sort key (DynamoDB wants both in ExclusiveStartKey). */
  tableKey: (sortValue: string) => Record<string, string> | undefined;
}

/**
 * One page of one shard of a sparse index, at most `limit` items, so a job reads what it
 * processes (no other shard's page read and thrown away). `next` is the last sort key: the
 * job's continuation carries it, and the page after starts just past it. Items a job moved
 * out of the range (a cursor advanced, an escalation stepped) are not met again either way.
 */
export async function shardPage(client: DynamoDBDocumentClient, q: ShardPageQuery): Promise<JobPage<Record<string, unknown>>> {
  let start: Record<string, string> | undefined;
  if (q.after !== undefined) {
    const key = q.tableKey(q.after);
    if (!key || q.after.length > 400 || q.after > `${q.upTo}~`) throw new ValidationError('after', [{ field: 'after', rule: 'is not a continuation this job gave: pass the next value of the previous page' }]);
    start = { ...key, [q.partition]: q.shard, [q.sort]: q.after };
  }
  const out = await client.send(
    new QueryCommand({
      TableName: q.table,
      IndexName: q.index,
      // '~' sorts after '#' and every key character: `upTo#anything` < `upTo~`.
      KeyConditionExpression: '#p = :p AND #s < :s',
      ExpressionAttributeNames: { '#p': q.partition, '#s': q.sort },
      ExpressionAttributeValues: { ':p': q.shard, ':s': `${q.upTo}~` },
      Limit: q.limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const items = out.Items ?? [];
  const last = items.at(-1);
  return { items, next: out.LastEvaluatedKey && last ? String(last[q.sort]) : undefined };
}
