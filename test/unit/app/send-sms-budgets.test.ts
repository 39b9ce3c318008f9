import { describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../../shared/app/send-sms';
import { ScriptedGateway } from '../../fakes/scripted-gateway';
import { InMemoryBudget } from '../../fakes/in-memory-budget';
import { smsMessage, smsWorld } from '../../helpers/sms';

const PHONE = '+8613812345678';

describe('Use case: deliverOutbox, batches and budgets', () => {
  it('sends family notices sharing template and parameters in batches of the gateway size, one message each', async () => {
    const gateway = new ScriptedGateway(undefined, 2);
    const w = smsWorld(gateway);
    for (let i = 0; i < 5; i++) await w.outbox.enqueue(smsMessage(`fam${i}`, 'weather_family_heat', { phone: `+861390000000${i}` }));
    await w.outbox.enqueue(smsMessage('other', 'weather_family_heat', { params: { warning: '高温橙色', until: '25日10时' }, text: 'orange' }));
    const report = await deliverOutbox(w.deps);
    expect(report).toMatchObject({ sent: 6, calls: 4 });
    expect(gateway.requests.map((r) => r.recipients.length).sort()).toEqual([1, 1, 2, 2]);
    for (let i = 0; i < 5; i++) expect((await w.outbox.get(`fam${i}`))?.state).toBe('sent');
  });

  it("defers a non-urgent SMS past the phone's daily limit to the next morning, and lets an urgent one through, counted", async () => {
    const w = smsWorld(new ScriptedGateway(), { perPhone: { perDay: 2, perKind: {}, identicalSeconds: 30 } });
    for (const id of ['a', 'b', 'c']) await w.outbox.enqueue(smsMessage(id, 'reassignment', { phone: PHONE, text: id, sendAfter: `2026-11-23T09:00:0${['a', 'b', 'c'].indexOf(id)}+08:00` }));
    await w.outbox.enqueue(smsMessage('urgent', 'emergency_family', { phone: PHONE, urgent: true, sendAfter: '2026-11-23T09:00:03+08:00' }));
    w.clock.set('2026-11-23T09:00:05+08:00');
    const report = await deliverOutbox(w.deps);
    expect(report).toMatchObject({ sent: 3, deferredPerPhone: 1 });
    expect(await w.outbox.get('c')).toMatchObject({ state: 'pending', sendAfter: '2026-11-24T08:00:00+08:00', lastError: 'per-phone limit (2 SMS a day): deferred' });
    expect(await w.outbox.get('urgent')).toMatchObject({ state: 'sent' });
    expect(w.phoneBudget.totalFor(PHONE, '2026-11-23')).toBe(3);
    w.clock.set('2026-11-24T08:00:00+08:00');
    expect(await deliverOutbox(w.deps)).toMatchObject({ sent: 1 });
  });

  it('holds a second assignment digest the same day, and the same text twice within 30 s', async () => {
    const w = smsWorld();
    await w.outbox.enqueue(smsMessage('d1', 'assignment_digest', { phone: PHONE }));
    await w.outbox.enqueue(smsMessage('d2', 'assignment_digest', { phone: PHONE, text: 'another digest' }));
    expect(await deliverOutbox(w.deps)).toMatchObject({ sent: 1, deferredPerPhone: 1 });
    expect((await w.outbox.get('d2'))?.lastError).toBe('per-phone limit (1 assignment_digest a day): deferred');
    const same = smsWorld();
    await same.outbox.enqueue(smsMessage('r1', 'reassignment', { phone: PHONE }));
    await same.outbox.enqueue(smsMessage('r2', 'reassignment', { phone: PHONE }));
    expect(await deliverOutbox(same.deps)).toMatchObject({ sent: 1, deferredPerPhone: 1 });
    expect(await same.outbox.get('r2')).toMatchObject({ state: 'pending', sendAfter: '2026-11-23T09:00:31+08:00' });
  });

  it('holds non-urgent SMS once the month is spent, visibly, and sends urgent ones', async () => {
    const w = smsWorld();
    await w.outbox.enqueue(smsMessage('n1', 'reassignment'));
    await w.outbox.enqueue(smsMessage('u1', 'emergency_family', { urgent: true, sendAfter: '2026-11-23T09:00:01+08:00' }));
    w.clock.set('2026-11-23T09:00:05+08:00');
    const report = await deliverOutbox({ ...w.deps, budget: { store: new InMemoryBudget(), monthlySegments: 0 } });
    expect(report).toMatchObject({ sent: 1, heldForBudget: 1, budgetExhausted: { month: '2026-11', budget: 0 } });
    expect(await w.outbox.get('n1')).toMatchObject({ state: 'held', lastError: expect.stringContaining('monthly SMS budget of 0 segments for 2026-11 is spent') });
    expect(w.phoneBudget.totalFor((await w.outbox.get('n1'))!.phone!, '2026-11-23')).toBe(0);
  });

  it("marks a cancelled warning's notices cancelled instead of sending them", async () => {
    const w = smsWorld();
    await w.outbox.enqueue(smsMessage('f1', 'weather_family_heat', { occasionId: 'alert:a1' }));
    const stats: unknown[] = [];
    const report = await deliverOutbox({ ...w.deps, occasions: { isCancelled: async (id) => id === 'alert:a1', addStats: async (_, s) => void stats.push(s) } });
    expect(report).toMatchObject({ cancelled: 1, sent: 0, calls: 0 });
    expect(stats).toEqual([{ noticesCancelled: 1 }]);
  });

  it('sends each message exactly once when two senders run at the same time', async () => {
    const gateway = new ScriptedGateway();
    const w = smsWorld(gateway);
    for (let i = 0; i < 20; i++) await w.outbox.enqueue(smsMessage(`m${i}`, 'reassignment', { text: `t${i}` }));
    const [a, b] = await Promise.all([deliverOutbox(w.deps), deliverOutbox(w.deps)]);
    expect(a.sent + b.sent).toBe(20);
    expect(a.skipped + b.skipped).toBe(20);
    const refs = gateway.requests.flatMap((r) => r.recipients.map((x) => x.reference));
    expect(refs).toHaveLength(20);
    expect(new Set(refs).size).toBe(20);
  });

  it('waits for quiet hours to end before a message queued for the morning', async () => {
    const w = smsWorld();
    await w.outbox.enqueue(smsMessage('m1', 'assignment_digest', { sendAfter: '2026-11-24T08:00:00+08:00' }));
    expect(await deliverOutbox(w.deps)).toMatchObject({ considered: 0 });
    w.clock.set('2026-11-24T08:00:00+08:00');
    expect(await deliverOutbox(w.deps)).toMatchObject({ sent: 1 });
  });

  it('starts provider calls at most at the configured rate: the first at once, then 250 ms apart at 4/s', async () => {
    const w = smsWorld();
    for (let i = 0; i < 3; i++) await w.outbox.enqueue(smsMessage(`m${i}`, 'reassignment', { text: `t${i}` }));
    await deliverOutbox({ ...w.deps, sendsPerSecond: 4 });
    // The clock is frozen: the waits are measured from the same instant.
    expect(w.sleeps).toEqual([250, 500]);
  });
});
