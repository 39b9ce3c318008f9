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
  /** The most heap one invocation ended with, counted from a collected heap (its own allocations, live or not yet collected). */
  peakHeapMB: number;
  /** The most heap that stayed live between invocations (after a full collection): what a warm worker carries from one to the next. */
  liveHeapMB: number;
}

/**
 * One invocation in this many is measured. A forced collection before every invocation made the
 * worker's CPU time per elder 20–50 % higher at 2,000 elders (9.9 → 12.1 ms: the collector's and
 * the re-warmed code's work falls inside the next invocation), and CPU time is what the projection
 * is made of; invocations are alike (same page size, same budget), so a sample of them shows the peak.
 */
const SAMPLE_EVERY = 8;

/**
 * Runs a job's shard messages to the end through the real worker handler, each invocation given
 * `budgetMs` of wall time (a bench is a script: the wall clock is its subject). Every
 * SAMPLE_EVERY-th invocation (the first included) starts from a collected heap and is sampled
 * after it, so its sample is what that invocation allocated on top of what stays live, not the
 * garbage of all the invocations before it: V8 lets old garbage pile up until a major collection,
 * so an uncollected sample grows with the number of invocations a run takes, hence with the
 * ledger, whatever each invocation holds. The live heap before the sampled invocations is kept
 * too: it must not grow with the invocations either.
 */
export async function runFannedOut(deps: Omit<JobWorkerDeps, 'jobs'>, start: readonly JobMessage[], budgetMs: number): Promise<FanOutRun> {
  const queue = new InProcessJobQueue(3);
  const worker = createHandler(() => ({ ...deps, jobs: queue }));
  collectGarbage(); // the samples then start from live objects, not an earlier phase's garbage
  let peak = 0;
  let live = 0;
  let invocations = 0;
  const t0 = performance.now();
  let cpuMicros = 0;
  await queue.send(start);
  await queue.drain(async (event) => {
    const sampled = invocations++ % SAMPLE_EVERY === 0;
    if (sampled) {
      collectGarbage();
      live = Math.max(live, process.memoryUsage().heapUsed);
    }
    const began = performance.now();
    const context: Context = { ...lambdaContext('job-worker'), getRemainingTimeInMillis: () => budgetMs - (performance.now() - began) };
    const cpu0 = process.cpuUsage(); // the worker's own CPU time: the collections between invocations are the bench's
    const out = await worker(event, context);
    const cpu = process.cpuUsage(cpu0);
    cpuMicros += cpu.user + cpu.system;
    if (sampled) peak = Math.max(peak, process.memoryUsage().heapUsed);
    return out;
  });
  if (queue.deadLetters.length > 0) throw new Error(`${queue.deadLetters.length} messages dead-lettered in the bench`);
  return { invocations, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuMicros / 1e6, peakHeapMB: peak / 1024 / 1024, liveHeapMB: live / 1024 / 1024 };
}
