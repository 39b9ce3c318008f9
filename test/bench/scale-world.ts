import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { InProcessJobQueue } from '../../shared/adapters/local/in-process-queue';
import type { JobMessage } from '../../shared/ports';
import { createHandler } from '../../functions/job-worker/handler';
import type { JobWorkerDeps } from '../../shared/app/job-worker';
import { lambdaContext } from '../../cli/simulation/lambda-context';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A full collection, so a heap sample after it holds live objects only. */
export function collectGarbage(): void {
  gc();
}

/** What a job asked DynamoDB: items each index's Queries returned, and requests of every kind. */
export interface RequestCounts {
  /** Items returned per index (or table) by Query: what a job read, against what it processed. */
  items: Map<string, number>;
  /** Requests sent, of any command (Get, Put, Update, Query, BatchGet…). */
  requests: number;
  clear(): void;
}

export function countRequests(client: DynamoDBDocumentClient): RequestCounts {
  const counts: RequestCounts = {
    items: new Map(),
    requests: 0,
    clear() {
      this.items.clear();
      this.requests = 0;
    },
  };
  const send = client.send.bind(client) as (command: unknown) => Promise<{ Items?: unknown[] }>;
  const counting = async (command: unknown) => {
    counts.requests++;
    const out = await send(command);
    if (command instanceof QueryCommand) {
      const index = command.input.IndexName ?? command.input.TableName ?? '?';
      counts.items.set(index, (counts.items.get(index) ?? 0) + (out.Items?.length ?? 0));
    }
    return out;
  };
  Object.assign(client, { send: counting });
  return counts;
}

export interface FanOutRun {
  invocations: number;
  seconds: number;
  /** CPU time of this process (the workers; dynalite runs in its own) over the run. */
  cpuSeconds: number;
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
  collectGarbage(); // the samples then start from live objects, not an earlier phase's garbage
  let peak = 0;
  let invocations = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await queue.send(start);
  invocations += await queue.drain(async (event) => {
    const began = performance.now();
    const context: Context = { ...lambdaContext('job-worker'), getRemainingTimeInMillis: () => budgetMs - (performance.now() - began) };
    const out = await worker(event, context);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return out;
  });
  if (queue.deadLetters.length > 0) throw new Error(`${queue.deadLetters.length} messages dead-lettered in the bench`);
  const cpu = process.cpuUsage(cpu0);
  return { invocations, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakHeapMB: peak / 1024 / 1024 };
}
