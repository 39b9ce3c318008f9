import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** Every item of a Query, page after page. */
export async function* queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) yield item;
    start = page.LastEvaluatedKey;
  } while (start);
}

export async function collect<T>(items: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Queries shards of a sparse index for sort keys up to `upTo` (a date or instant, to which the
 * unique keys add `#<item key>`) and merges them, earliest first; with `after`, only the keys
 * sorting after it (the next page of a run that pages through the index).
 */
export async function queryShards(
  client: DynamoDBDocumentClient,
  base: Omit<QueryCommandInput, 'KeyConditionExpression' | 'ExpressionAttributeValues' | 'ExpressionAttributeNames'>,
  shards: string[],
  keys: { partition: string; sort: string },
  upTo: string,
  limit = Infinity,
  after?: string,
): Promise<Record<string, unknown>[]> {
  const perShard = await Promise.all(
    shards.map((shard) =>
      collect(
        queryAll(client, {
          ...base,
          // '~' sorts after '#' and every key character: `upTo#anything` < `upTo~`.
          // BETWEEN is inclusive: the item at `after` itself is dropped below.
          KeyConditionExpression: after === undefined ? '#p = :p AND #s < :s' : '#p = :p AND #s BETWEEN :a AND :s',
          ExpressionAttributeNames: { '#p': keys.partition, '#s': keys.sort },
          ExpressionAttributeValues: { ':p': shard, ':s': `${upTo}~`, ...(after === undefined ? {} : { ':a': after }) },
          ...(Number.isFinite(limit) ? { Limit: Math.min(limit, 1000) } : {}),
        }),
        after === undefined ? limit : limit + 1,
      ),
    ),
  );
  return perShard
    .flat()
    .filter((item) => after === undefined || String(item[keys.sort]) > after)
    .sort((a, b) => String(a[keys.sort]).localeCompare(String(b[keys.sort])))
    .slice(0, limit);
}
