import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, batchGetAll, batchPutAll, DEFAULT_BATCH_RETRY } from '../../../../shared/adapters/dynamodb/batch';
import type { BatchRetry } from '../../../../shared/adapters/dynamodb/batch';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-northwest-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } }));
const dynamo = mockClient(client);
beforeEach(() => dynamo.reset());

/** A retry that records its waits instead of sleeping. */
function recordingRetry(random = () => 1): BatchRetry & { waits: number[] } {
  const waits: number[] = [];
  return { ...DEFAULT_BATCH_RETRY, random, waits, sleep: async (ms: number) => waits.push(ms) };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: `elder#${i}`, sk: 'form' }));

describe('Method: batchPutAll', () => {
  it('sends again exactly the items left unprocessed, after a growing wait', async () => {
    // Prepare: the first call leaves two items, the second one, the third none.
    const a = { PutRequest: { Item: { pk: 'elder#0', sk: 'form' } } };
    const b = { PutRequest: { Item: { pk: 'elder#1', sk: 'form' } } };
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { t: [a, b] } })
      .resolvesOnce({ UnprocessedItems: { t: [b] } })
      .resolves({});
    const retry = recordingRetry();
    // Act
    await batchPutAll(client, 't', items(10), retry);
    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
    expect(dynamo).toHaveReceivedNthCommandWith(BatchWriteCommand, 2, { RequestItems: { t: [a, b] } });
    expect(dynamo).toHaveReceivedNthCommandWith(BatchWriteCommand, 3, { RequestItems: { t: [b] } });
    expect(retry.waits).toEqual([100, 200]);
  });

  it('writes 25 items per call', async () => {
    dynamo.on(BatchWriteCommand).resolves({});
    await batchPutAll(client, 't', items(60), recordingRetry());
    expect(dynamo).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
  });

  it('gives up with the count left after its attempts, never looping on a table that stays throttled', async () => {
    dynamo.on(BatchWriteCommand).resolves({ UnprocessedItems: { t: [{ PutRequest: { Item: { pk: 'elder#0', sk: 'form' } } }] } });
    const retry = recordingRetry();
    await expect(batchPutAll(client, 't', items(1), retry)).rejects.toThrow(/t: 1 writes still unprocessed after 10 batches/);
    expect(dynamo).toHaveReceivedCommandTimes(BatchWriteCommand, 10);
    expect(retry.waits.at(-1)).toBe(DEFAULT_BATCH_RETRY.capMs);
  });
});

describe('Method: batchGetAll', () => {
  it('asks again for the keys left unprocessed and returns every item found', async () => {
    const key = (i: number) => ({ pk: `elder#${i}`, sk: 'form' });
    const [k0, k1, k2] = [key(0), key(1), key(2)];
    const keys = [k0, k1, k2];
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { t: [k0] }, UnprocessedKeys: { t: { Keys: [k1, k2] } } })
      .resolves({ Responses: { t: [k1, k2] } });
    const retry = recordingRetry(() => 0.5);
    expect(await batchGetAll(client, 't', keys, false, retry)).toEqual(keys);
    expect(dynamo).toHaveReceivedNthCommandWith(BatchGetCommand, 2, { RequestItems: { t: { Keys: [k1, k2], ConsistentRead: false } } });
    expect(retry.waits).toEqual([50]);
  });
});

describe('Function: backoffMs', () => {
  it('waits a random share of base·2^attempt, never above the cap', () => {
    const retry = { ...DEFAULT_BATCH_RETRY, random: () => 0.999 };
    expect([1, 2, 3, 4].map((n) => backoffMs(retry, n))).toEqual([99, 199, 399, 799]);
    expect(backoffMs(retry, 20)).toBe(4995);
    expect(backoffMs({ ...retry, random: () => 0 }, 5)).toBe(0);
  });
});
