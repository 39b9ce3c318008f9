import { afterAll, describe, expect, it } from 'vitest';
import { readyKeyOf } from '../../shared/domain/sms/message';
import { smsMessage } from '../helpers/sms';
import { newWorld, stopDynamo } from '../helpers/world';

afterAll(stopDynamo);

describe('The ready index paged on dynalite', () => {
  it('lists every ready message once, in send-time order across its shards, a page after the last key of the one before', async () => {
    const world = await newWorld();
    const at = (i: number) => `2026-11-23T09:${String(i % 60).padStart(2, '0')}:00+08:00`;
    for (let i = 0; i < 45; i++) await world.repos.outbox.enqueue(smsMessage(`page-${i}`, 'reassignment', { text: `t${i}`, sendAfter: at(i % 7) }));
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await world.repos.outbox.listReady('2026-11-23T10:00:00+08:00', 10, after);
      if (page.length === 0) break;
      seen.push(...page.map(readyKeyOf));
      after = readyKeyOf(page[page.length - 1]!);
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect([...seen].sort()).toEqual(seen);
  });

  it('leaves out what is not yet due, even after a cursor', async () => {
    const world = await newWorld();
    await world.repos.outbox.enqueue(smsMessage('due', 'reassignment', { sendAfter: '2026-11-23T09:00:00+08:00' }));
    await world.repos.outbox.enqueue(smsMessage('later', 'reassignment', { text: 'x', sendAfter: '2026-11-24T08:00:00+08:00' }));
    expect((await world.repos.outbox.listReady('2026-11-23T10:00:00+08:00', 10, '2026-11-23T08:00:00+08:00#')).map((m) => m.messageId)).toEqual(['due']);
  });
});
