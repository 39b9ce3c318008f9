import { setTimeout as wait } from 'node:timers/promises';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchGetCommandOutput, BatchWriteCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** How unprocessed items are retried: injected in tests, which never sleep on the wall clock. */
export interface BatchRetry {
  sleep: (ms: number) => Promise<unknown>;
  random: () => number;
  /** Attempts per batch before giving up (the first included). */
  attempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BATCH_RETRY: BatchRetry = { sleep: (ms) => wait(ms), random: Math.random, attempts: 10, baseMs: 50, capMs: 5000 };

/**
 * "Full jitter" backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"): a random wait
 * up to base·2^attempt, capped, so writers throttled together do not come back together. AWS's
 * BatchWriteItem guide asks for exactly this before retrying unprocessed items.
 */
export const backoffMs = (retry: BatchRetry, attempt: number): number => Math.floor(retry.random() * Math.min(retry.capMs, retry.baseMs * 2 ** attempt));

/**
 * Every item of `keys` that exists, 100 keys per BatchGetItem. Keys the service leaves
 * unprocessed under load are asked for again, exactly those, after a jittered backoff.
 */
export async function batchGetAll(client: DynamoDBDocumentClient, table: string, keys: readonly Record<string, unknown>[], consistent = false, retry: BatchRetry = DEFAULT_BATCH_RETRY): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt >= retry.attempts) throw new Error(`${table}: ${pending.length} keys still unprocessed after ${attempt} batch reads`);
      if (attempt > 0) await retry.sleep(backoffMs(retry, attempt));
      const out: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }));
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}

/** Puts every item, 25 per BatchWriteItem; the items the service leaves unprocessed are sent again, exactly those, after a jittered backoff. */
export async function batchPutAll(client: DynamoDBDocumentClient, table: string, items: readonly Record<string, unknown>[], retry: BatchRetry = DEFAULT_BATCH_RETRY): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests && requests.length > 0; attempt++) {
      if (attempt >= retry.attempts) throw new Error(`${table}: ${requests.length} writes still unprocessed after ${attempt} batches`);
      if (attempt > 0) await retry.sleep(backoffMs(retry, attempt));
      const out: BatchWriteCommandOutput = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = out.UnprocessedItems?.[table];
    }
  }
}
