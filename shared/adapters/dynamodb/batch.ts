import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchGetCommandOutput, BatchWriteCommandInput, BatchWriteCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Every item of `keys` that exists, 100 keys per BatchGetItem. Keys the service leaves
 * unprocessed under load are asked for again, exactly those, a bounded number of times.
 */
export async function batchGetAll(client: DynamoDBDocumentClient, table: string, keys: readonly Record<string, unknown>[], consistent = false): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`${table}: ${pending.length} keys still unprocessed after ${attempt} batch reads`);
      const out: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }));
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}

/** Puts every item, 25 per BatchWriteItem, asking again for exactly what the service left unprocessed. */
export async function batchPutAll(client: DynamoDBDocumentClient, table: string, items: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending: BatchWriteCommandInput['RequestItems'] | undefined = { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    for (let attempt = 0; pending && (pending[table]?.length ?? 0) > 0; attempt++) {
      if (attempt > 8) throw new Error(`${table}: ${pending[table]!.length} items still unprocessed after ${attempt} batch writes`);
      const out: BatchWriteCommandOutput = await client.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = out.UnprocessedItems;
    }
  }
}
