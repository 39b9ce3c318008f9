import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../dynamodb/client';
import { TABLE_IDS, TABLES } from '../dynamodb/tables';
import type { TableId } from '../dynamodb/tables';

/**
 * What DynamoDB's TTL does, for dynalite (which has none): deletes every item whose TTL attribute
 * is an epoch second at or before `nowMs`. Local runner and tests only: it scans, which is fine on
 * a local ledger and is exactly what the AWS service spares the deployed stack.
 */
export async function sweepExpired(client: DynamoDBDocumentClient, names: TableNames, nowMs: number): Promise<Partial<Record<TableId, number>>> {
  const deleted: Partial<Record<TableId, number>> = {};
  for (const id of TABLE_IDS) {
    const def = TABLES[id];
    const ttl = def.timeToLiveAttribute;
    if (!ttl) continue;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: names[id], FilterExpression: '#t <= :now', ExpressionAttributeNames: { '#t': ttl }, ExpressionAttributeValues: { ':now': Math.floor(nowMs / 1000) }, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        const Key = Object.fromEntries([def.partitionKey.name, def.sortKey?.name].filter((n): n is string => n !== undefined).map((n) => [n, item[n]]));
        await client.send(new DeleteCommand({ TableName: names[id], Key }));
        deleted[id] = (deleted[id] ?? 0) + 1;
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return deleted;
}
