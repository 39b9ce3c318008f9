import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../../shared/adapters/local/in-process-queue';
import { jobMessageSchema, jobUnit } from '../../../shared/app/job-messages';
import { createHandler } from '../../../functions/job-worker/handler';
import type { JobWorkerDeps } from '../../../shared/app/job-worker';
import { lambdaContext } from '../../../cli/simulation/lambda-context';

const good = { job: 'generate', shard: 'g3', run: '2026-11-01', hop: 0 };

describe('Job messages from the queue (anyone allowed to send could put anything there)', () => {
  it('accepts a shard of the job’s own index with a bounded continuation', () => {
    expect(jobMessageSchema.parse({ ...good, after: '2026-11-01#E0000001' })).toEqual({ ...good, after: '2026-11-01#E0000001' });
  });

  it('refuses another index’s shard, unknown jobs, extra fields, oversized continuations and runaway hops, naming the field', () => {
    const refused = (m: unknown) => jobMessageSchema.safeParse(m).error?.issues.map((i) => i.path.join('.'));
    expect(refused({ ...good, shard: 'a3' })).toEqual(['shard']);
    expect(refused({ ...good, shard: 'g3; drop' })).toEqual(['shard']);
    expect(refused({ ...good, job: 'delete-all' })).toContain('job');
    expect(refused({ ...good, admin: true })).toEqual(['']);
    expect(refused({ ...good, after: 'x'.repeat(401) })).toEqual(['after']);
    expect(refused({ ...good, hop: 501 })).toEqual(['hop']);
    expect(refused({ ...good, hop: -1 })).toEqual(['hop']);
  });
});

describe('Occasion part messages from the queue', () => {
  const part = { job: 'occasion', occasionId: 'alert:51010841600000_20260720100000', revision: 2, part: 3, run: '2026-07-20T10:05:00+08:00', hop: 0 };
  const refused = (m: unknown) => jobMessageSchema.safeParse(m).error?.issues.map((i) => i.path.join('.'));

  it('accepts one part of an occasion revision', () => {
    expect(jobMessageSchema.parse(part)).toEqual(part);
  });

  it('refuses a forged occasion id, a revision or part out of range, a run that is not an instant, a shard and extra fields, naming the field', () => {
    expect(refused({ ...part, occasionId: 'stats#alert:x' })).toEqual(['occasionId']);
    expect(refused({ ...part, occasionId: `alert:${'x'.repeat(201)}` })).toEqual(['occasionId']);
    expect(refused({ ...part, revision: 0 })).toEqual(['revision']);
    expect(refused({ ...part, part: -1 })).toEqual(['part']);
    expect(refused({ ...part, part: 5_000 })).toEqual(['part']);
    expect(refused({ ...part, run: 'yesterday' })).toEqual(['run']);
    expect(refused({ ...part, shard: 'g1' })).toEqual(['']);
    expect(refused({ ...part, hop: 501 })).toEqual(['hop']);
  });
});

describe('The job worker handler', () => {
  it('reports a malformed body as a failed item (retried, then dead-lettered) without touching the store', async () => {
    let touched = false;
    const worker = createHandler((): JobWorkerDeps => {
      touched = true;
      throw new Error('the store must not be reached');
    });
    const record = (messageId: string, body: string) => ({
      messageId,
      receiptHandle: 'r',
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'q',
      awsRegion: 'local',
    });
    const out = await worker({ Records: [record('m1', '{not json')] }, lambdaContext('job-worker'));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const tampered = await worker({ Records: [record('m2', JSON.stringify({ ...good, shard: 'a1' }))] }, lambdaContext('job-worker'));
    expect(tampered.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(touched).toBe(false);
  });

  it('parks a message that keeps failing in the dead letters after three receives, and redrive puts it back', async () => {
    const queue = new InProcessJobQueue(3);
    await queue.send([{ job: 'generate', shard: 'g1', run: '2026-11-01', hop: 0 }]);
    let calls = 0;
    const invocations = await queue.drain(async (event) => {
      calls++;
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    expect({ invocations, calls, dead: queue.deadLetters.length, waiting: queue.waiting.length }).toEqual({ invocations: 3, calls: 3, dead: 1, waiting: 0 });
    expect(queue.redrive()).toBe(1);
    expect(queue.waiting.map((w) => jobUnit(w.message))).toEqual(['g1']);
  });
});
