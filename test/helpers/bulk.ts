import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchWriteCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { taskItem } from '../../shared/adapters/dynamodb/task-repository';
import type { Task } from '../../shared/domain/task/task';

/** Writes many tasks fast (25 per request), with the same items the repository writes. For tests and benchmarks. */
export async function bulkPutTasks(client: DynamoDBDocumentClient, table: string, tasks: readonly Task[], inFlight = 8): Promise<void> {
  const batches: Task[][] = [];
  for (let i = 0; i < tasks.length; i += 25) batches.push(tasks.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        let requests: unknown[] | undefined = batch.map((t) => ({ PutRequest: { Item: taskItem(t) } }));
        while (requests && requests.length > 0) {
          const out: BatchWriteCommandOutput = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests as never } }));
          requests = out.UnprocessedItems?.[table];
        }
      }
    }),
  );
}

/** A routine task due at `dueAt`, for index tests and benchmarks. */
export function syntheticTask(i: number, dueAt: string, overrides: Partial<Task> = {}): Task {
  const village = `510108${String((i % 4) + 1).padStart(3, '0')}${String((i % 3) + 1).padStart(3, '0')}`;
  return {
    elderId: `E${String(i).padStart(7, '0')}`,
    taskId: '2026-11#1',
    kind: 'routine',
    tier: i % 3 === 0 ? 'key' : 'general',
    periodId: '2026-11',
    slot: 1,
    of: 1,
    start: '2026-11-01',
    end: dueAt.slice(0, 10),
    opensAt: '2026-11-01T00:00:00+08:00',
    dueAt,
    homeRequired: true,
    methods: ['home'],
    state: 'assigned',
    visitorId: `vis-${village}-1`,
    maskedName: '张*华',
    villageCode: village,
    villageName: '天鹅村',
    townshipCode: village.slice(0, 9),
    countyCode: '510108',
    generatedOn: '2026-10-29',
    createdAt: '2026-10-29T06:00:00+08:00',
    history: [],
    version: 1,
    ...overrides,
  };
}
