import { z } from 'zod';
import type { JobMessage, OccasionJobMessage } from '../ports';

/** A shard walks at most this many invocations in one run; beyond it something never advances: fail loudly. */
export const MAX_HOPS = 500;

/** Counties, townships or villages one occasion reaches: far above a province's ~180 counties, still bounded. */
export const MAX_OCCASION_PARTS = 5_000;

const after = z.string().min(1).max(400).optional();
const hop = z.number().int().min(0).max(MAX_HOPS, `a shard takes at most ${MAX_HOPS} invocations per run`);

const shardMessage = z
  .object({
    job: z.enum(['generate', 'escalate']),
    shard: z.string().regex(/^[ga]\d{1,3}$/, 'must be a shard of the generation (g…) or attention (a…) index'),
    after,
    run: z.string().min(1).max(40),
    hop,
  })
  .strict();

const occasionMessage = z
  .object({
    job: z.literal('occasion'),
    // The ids ingest, festivals and declared events make (`alert:…`, `festival:…`, `event:…`); CAP identifiers exclude spaces, commas, < and &.
    occasionId: z.string().regex(/^(alert|festival|event):[^\s,<&]{1,200}$/, 'must be an occasion id (alert:…, festival:… or event:…)'),
    revision: z.number().int().min(1).max(1_000_000),
    part: z
      .number()
      .int()
      .min(0)
      .max(MAX_OCCASION_PARTS - 1, `an occasion has at most ${MAX_OCCASION_PARTS} parts`),
    after,
    run: z.iso.datetime({ offset: true, message: 'must be the instant the application was planned' }),
    hop,
  })
  .strict();

/**
 * What a worker accepts from the queue. Anyone allowed to send to the queue could put anything
 * there, so the shard, the occasion part, the continuation and the counters are bounded and
 * checked; the repositories check again that `after` is a key of the shard's own index, and an
 * occasion part reads its cursor from its stored progress, never from the message.
 */
export const jobMessageSchema = z.discriminatedUnion('job', [shardMessage, occasionMessage]).superRefine((m, ctx) => {
  if (m.job !== 'occasion' && !m.shard.startsWith(m.job === 'generate' ? 'g' : 'a')) ctx.addIssue({ code: 'custom', message: 'the shard must belong to the job’s index (g… for generate, a… for escalate)', path: ['shard'] });
});

/** The first message of each shard of a run. */
export function startMessages(job: 'generate' | 'escalate', run: string, shards: readonly string[]): JobMessage[] {
  return shards.map((shard) => ({ job, shard, run, hop: 0 }));
}

/** The first message of each part of an occasion revision's application. */
export function occasionMessages(occasionId: string, revision: number, parts: number, run: string): OccasionJobMessage[] {
  return Array.from({ length: parts }, (_, part) => ({ job: 'occasion', occasionId, revision, part, run, hop: 0 }));
}

/** A message's unit of work, for logs and errors. */
export const jobUnit = (m: JobMessage) => (m.job === 'occasion' ? `${m.occasionId} r${m.revision} part ${m.part}` : m.shard);
