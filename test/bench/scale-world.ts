import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { InProcessJobQueue } from '../../shared/adapters/local/in-process-queue';
import type { JobMessage } from '../../shared/ports';
import { createHandler } from '../../functions/job-worker/handler';
import type { JobWorkerDeps } from '../../shared/app/job-worker';
import { lambdaContext } from '../../cli/simulation/lambda-context';

/** Items each index's Queries returned: what a job read, against what it processed. */
export function countQueryItems(client: DynamoDBDocumentClient): Map<string, number> {
  const counts = new Map<string, number>();
  const send = client.send.bind(client) as (command: unknown) => Promise<{ Items?: unknown[] }>;
  const counting = async (command: unknown) => {
    const out = await send(command);
    if (command instanceof QueryCommand) {
      const index = command.input.IndexName ?? command.input.TableName ?? '?';
      counts.set(index, (counts.get(index) ?? 0) + (out.Items?.length ?? 0));
    }
    return out;
  };
  Object.assign(client, { send: counting });
  return counts;
}

export interface FanOutRun {
  invocations: number;
  seconds: number;
  peakHeapMB: number;
}

/**
 * Runs a job's shard messages to the end through the real worker handler, each invocation given
 * `budgetMs` of wall time (a bench is a script: the wall clock is its subject), sampling the heap
 * after every invocation.
 */
export async function runFannedOut(deps: Omit<JobWorkerDeps, 'jobs'>, start: readonly JobMessage[], budgetMs: number): Promise<FanOutRun> {
  const queue = new InProcessJobQueue(3);
  const worker = createHandler(() => ({ ...deps, jobs: queue }));
  let peak = 0;
  let invocations = 0;
  const t0 = performance.now();
  await queue.send(start);
  invocations += await queue.drain(async (event) => {
    const began = performance.now();
    const context: Context = { ...lambdaContext('job-worker'), getRemainingTimeInMillis: () => budgetMs - (performance.now() - began) };
    const out = await worker(event, context);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return out;
  });
  if (queue.deadLetters.length > 0) throw new Error(`${queue.deadLetters.length} messages dead-lettered in the bench`);
  return { invocations, seconds: (performance.now() - t0) / 1000, peakHeapMB: peak / 1024 / 1024 };
}
