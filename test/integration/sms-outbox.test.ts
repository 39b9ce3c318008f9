import { afterAll, describe, expect, it } from 'vitest';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { generateTasks } from '../../shared/app/generate-tasks';
import type { PhoneLimits } from '../../shared/domain/sms/phone-budget';
import { smsMessage } from '../helpers/sms';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';

afterAll(stopDynamo);

const limits: PhoneLimits = { perDay: 3, perKind: { assignment_digest: 1 }, identicalSeconds: 30 };
const PHONE = '+8613812345678';
const reserve = (world: Awaited<ReturnType<typeof newWorld>>, content: string, at = '2026-11-23T10:00:00+08:00', urgent = false, kind: 'reassignment' | 'assignment_digest' = 'reassignment', perDay = 3) =>
  world.repos.phoneBudget.reserve({ phone: PHONE, day: '2026-11-23', kind, content, at, urgent, limits: { ...limits, perDay } });

describe('SMS counters and markers on dynalite', () => {
  it('lets exactly the daily limit through when ten senders reserve for one phone at once, urgent ones past it', async () => {
    const world = await newWorld();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => reserve(world, `t${i}`)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    expect(results.find((r) => !r.allowed)).toMatchObject({ allowed: false, limit: 'day' });
    expect(await reserve(world, 'urgent', undefined, true)).toEqual({ allowed: true });
    await world.repos.phoneBudget.refund({ phone: PHONE, day: '2026-11-23', kind: 'reassignment' });
    await world.repos.phoneBudget.refund({ phone: PHONE, day: '2026-11-23', kind: 'reassignment' });
    expect(await reserve(world, 'after refunds')).toEqual({ allowed: true });
  });

  it('holds the same text for 30 s and a second digest for the day, naming the limit', async () => {
    const world = await newWorld();
    expect(await reserve(world, 'same')).toEqual({ allowed: true });
    expect(await reserve(world, 'same', '2026-11-23T10:00:10+08:00')).toMatchObject({ allowed: false, limit: 'identical', lastAt: '2026-11-23T10:00:00+08:00' });
    expect(await reserve(world, 'same', '2026-11-23T10:00:31+08:00')).toEqual({ allowed: true });
    expect(await reserve(world, 'digest', undefined, false, 'assignment_digest', 10)).toEqual({ allowed: true });
    expect(await reserve(world, 'digest 2', undefined, false, 'assignment_digest', 10)).toMatchObject({ allowed: false, limit: 'kind' });
  });

  it('rewrites a pending digest only at the version read, and not once it was taken for sending', async () => {
    const world = await newWorld();
    const digest = smsMessage('esc#lia-1#w', 'escalation_digest', { taskRefs: ['E1#a'] });
    expect(await world.repos.outbox.putDigest(digest, undefined)).toBe('written');
    expect(await world.repos.outbox.putDigest(digest, undefined)).toBe('conflict');
    expect(await world.repos.outbox.putDigest({ ...digest, taskRefs: ['E1#a', 'E2#a'] }, 1)).toBe('written');
    expect(await world.repos.outbox.putDigest({ ...digest, taskRefs: ['E3#a'] }, 1)).toBe('conflict');
    expect(await world.repos.outbox.get(digest.messageId)).toMatchObject({ version: 2, taskRefs: ['E1#a', 'E2#a'], state: 'pending' });
    expect(await world.repos.outbox.listReady('2026-11-23T09:00:00+08:00', 10)).toHaveLength(1);
    await world.repos.outbox.claim(digest.messageId, '2026-11-23T09:00:00+08:00');
    expect(await world.repos.outbox.putDigest({ ...digest, taskRefs: ['E4#a'] }, 2)).toBe('closed');
  });

  it('keeps rewriting a digest for a recipient with no phone at the version read: undeliverable is never taken for sending', async () => {
    const world = await newWorld();
    const digest = smsMessage('assign#vis-x#2026-11-23', 'assignment_digest', { phone: undefined, taskRefs: ['E1#a'] });
    expect(await world.repos.outbox.putDigest(digest, undefined)).toBe('written');
    expect(await world.repos.outbox.get(digest.messageId)).toMatchObject({ state: 'undeliverable', version: 1 });
    expect(await world.repos.outbox.putDigest({ ...digest, taskRefs: ['E1#a', 'E2#a'] }, 1)).toBe('written');
    expect(await world.repos.outbox.putDigest({ ...digest, taskRefs: ['E3#a'] }, 1)).toBe('conflict');
    expect(await world.repos.outbox.get(digest.messageId)).toMatchObject({ state: 'undeliverable', version: 2, taskRefs: ['E1#a', 'E2#a'] });
    // Still never offered to the sender.
    expect(await world.repos.outbox.listReady('2026-11-23T23:00:00+08:00', 10)).toHaveLength(0);
  });

  it('lists invalid numbers newest first for the office, until each is cleared', async () => {
    const world = await newWorld();
    for (const [id, at] of [
      ['m1', '2026-11-23T09:00:00+08:00'],
      ['m2', '2026-11-23T10:00:00+08:00'],
    ] as const) {
      await world.repos.outbox.enqueue(smsMessage(id, 'assignment_digest', { recipientId: `vis-${id}` }));
      await world.repos.outbox.claim(id, at);
      await world.repos.outbox.markInvalidNumber(id, 'isv.MOBILE_NUMBER_ILLEGAL', at);
    }
    expect((await world.repos.outbox.invalidNumbers(10)).map((e) => [e.messageId, e.recipientId, e.detail])).toEqual([
      ['m2', 'vis-m2', 'invalid number: isv.MOBILE_NUMBER_ILLEGAL'],
      ['m1', 'vis-m1', 'invalid number: isv.MOBILE_NUMBER_ILLEGAL'],
    ]);
    expect(await world.repos.outbox.clearInvalidNumber('m2', 'admin-1', '2026-11-24T09:00:00+08:00')).toBe(true);
    expect(await world.repos.outbox.clearInvalidNumber('m2', 'admin-1', '2026-11-24T09:00:00+08:00')).toBe(false);
    expect((await world.repos.outbox.invalidNumbers(10)).map((e) => e.messageId)).toEqual(['m1']);
    expect(await world.repos.outbox.get('m1')).toMatchObject({ state: 'failed' });
  });

  it('keeps the newest reply target per phone and meaning, and remembers stopped templates by code', async () => {
    const world = await newWorld();
    const target = { meaning: 'escalation' as const, messageId: 'esc#p#2', template: 'escalation_digest', recipientId: 'p', taskRefs: ['E1#a'], sentAt: '2026-11-23T15:00:00+08:00' };
    await world.repos.replyTargets.record(PHONE, target);
    await world.repos.replyTargets.record(PHONE, { ...target, messageId: 'esc#p#1', sentAt: '2026-11-23T09:00:00+08:00' });
    expect(await world.repos.replyTargets.latest(PHONE, 'escalation')).toEqual(target);
    expect(await world.repos.replyTargets.latest(PHONE, 'family')).toBeUndefined();
    await world.repos.templateStops.stop('reassignment', 'SMS_1', 'refused', '2026-11-23T09:00:00+08:00');
    expect(await world.repos.templateStops.stopped('reassignment', 'SMS_1')).toBe('refused');
    expect(await world.repos.templateStops.stopped('reassignment', 'SMS_2')).toBeUndefined();
  });

  it('sends a supervisor one escalation SMS per window however many runs find overdue tasks', async () => {
    const world = await newWorld();
    await loadLedger(world, { elders: 40 });
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const digests = new Set<string>();
    for (const at of ['2026-11-16T00:05:00+08:00', '2026-11-16T00:20:00+08:00', '2026-11-16T06:05:00+08:00', '2026-11-16T08:50:00+08:00']) {
      world.clock.set(at);
      const report = await escalateOverdue({ ...world.repos, clock: world.clock, runtime: world.runtime });
      for (const n of report.notified) digests.add(n.personId);
    }
    for (const personId of digests) {
      const morning = await world.repos.outbox.get(`esc#${personId}#2026-11-16T09:00:00+08:00`);
      expect(morning).toMatchObject({ state: 'pending', template: 'escalation_digest_reply' });
      expect(Number(morning!.params.count)).toBe(morning!.taskRefs!.length);
    }
    expect(digests.size).toBeGreaterThan(0);
  });
});
