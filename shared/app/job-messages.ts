import { z } from 'zod';
import type { JobMessage } from '../ports';

/** A shard walks at most this many invocations in one run; beyond it something never advances: fail loudly. */
export const MAX_HOPS = 500;

/**
 * What a worker accepts from the queue. Anyone allowed to send to the queue could put anything
 * there, so the shard, the continuation and the counters are bounded and checked; the
 * repositories check again that `after` is a key of the shard's own index.
 */
export const jobMessageSchema = z
  .object({
    job: z.enum(['generate', 'escalate']),
    shard: z.string().regex(/^[ga]\d{1,3}$/, 'must be a shard of the generation (g…) or attention (a…) index'),
    after: z.string().min(1).max(400).optional(),
    run: z.string().min(1).max(40),
    hop: z.number().int().min(0).max(MAX_HOPS, `a shard takes at most ${MAX_HOPS} invocations per run`),
  })
  .strict()
  .refine((m) => m.shard.startsWith(m.job === 'generate' ? 'g' : 'a'), { message: 'the shard must belong to the job’s index (g… for generate, a… for escalate)', path: ['shard'] });

/** The first message of each shard of a run. */
export function startMessages(job: JobMessage['job'], run: string, shards: readonly string[]): JobMessage[] {
  return shards.map((shard) => ({ job, shard, run, hop: 0 }));
}
