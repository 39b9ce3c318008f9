import { describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../../shared/app/send-sms';
import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../../shared/domain/sms/provider';
import { InMemoryBudget } from '../../fakes/in-memory-budget';
import { ScriptedGateway } from '../../fakes/scripted-gateway';
import { smsMessage, smsWorld } from '../../helpers/sms';

/** A gateway that answers after a few turns of the event loop and records how many calls were in flight at once. */
class SlowGateway implements SmsGateway {
  readonly provider = 'local' as const;
  readonly requests: SmsSendRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(readonly maxBatch = 1) {}
  async send(request: SmsSendRequest): Promise<SmsAnswer[]> {
    this.requests.push(request);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    return request.recipients.map((r) => ({ outcome: 'accepted', providerMessageId: `p-${r.reference}` }));
  }
}

const referencesOf = (requests: readonly SmsSendRequest[]) => requests.flatMap((r) => r.recipients.map((x) => x.reference));
const distinct = (n: number, over: (i: number) => object = () => ({})) => Array.from({ length: n }, (_, i) => smsMessage(`m${String(i).padStart(3, '0')}`, 'reassignment', { text: `t${i}`, ...over(i) }));

describe('Use case: deliverOutbox, a page at a time within the time budget', () => {
  it('pages through the outbox with bounded pages and sends every message once', async () => {
    const w = smsWorld();
    for (const m of distinct(25)) await w.outbox.enqueue(m);
    const report = await deliverOutbox({ ...w.deps, pageSize: 10 });
    expect(report).toMatchObject({ sent: 25, pages: 3, more: false });
    expect(new Set(referencesOf(w.gateway.requests)).size).toBe(25);
    expect(referencesOf(w.gateway.requests)).toHaveLength(25);
  });

  it('stops starting chunks once the time budget is down to its margin, leaves the rest pending, and the next run sends each of them once', async () => {
    const w = smsWorld();
    for (const m of distinct(10)) await w.outbox.enqueue(m);
    // Every call "takes" 10 s of a 60 s invocation; the run stops with 30 s left.
    const time = { remainingMs: () => 60_000 - w.gateway.requests.length * 10_000 };
    const first = await deliverOutbox({ ...w.deps, time, stopMarginMs: 30_000 });
    expect(first).toMatchObject({ sent: 4, more: true });
    expect((await w.outbox.listReady('2026-11-23T09:00:00+08:00', 100)).map((m) => m.state)).toEqual(Array(6).fill('pending'));
    const second = await deliverOutbox(w.deps);
    expect(second).toMatchObject({ sent: 6, more: false });
    expect(new Set(referencesOf(w.gateway.requests)).size).toBe(10);
    expect(referencesOf(w.gateway.requests)).toHaveLength(10);
  });

  it('starts nothing at all when the invocation is already inside its margin', async () => {
    const w = smsWorld();
    for (const m of distinct(3)) await w.outbox.enqueue(m);
    expect(await deliverOutbox({ ...w.deps, time: { remainingMs: () => 1_000 } })).toMatchObject({ considered: 0, calls: 0, pages: 0, more: true });
  });

  it('keeps at most `concurrency` provider calls in flight', async () => {
    const gateway = new SlowGateway();
    const w = smsWorld(gateway);
    for (const m of distinct(12)) await w.outbox.enqueue(m);
    const report = await deliverOutbox({ ...w.deps, concurrency: 4, sendsPerSecond: 1000 });
    expect(report).toMatchObject({ sent: 12, calls: 12 });
    expect(gateway.maxInFlight).toBe(4);
  });

  it('spaces the starts of concurrent calls to the rate: 8 calls at 4/s wait 0.25 s more each', async () => {
    const w = smsWorld(new SlowGateway());
    for (const m of distinct(8)) await w.outbox.enqueue(m);
    await deliverOutbox({ ...w.deps, concurrency: 4, sendsPerSecond: 4 });
    expect(w.sleeps).toEqual([250, 500, 750, 1000, 1250, 1500, 1750]);
  });

  it('never sends a message twice when a run dies after the provider took it: the rerun leaves it `sending`', async () => {
    const w = smsWorld();
    for (const m of distinct(6)) await w.outbox.enqueue(m);
    const outbox = Object.create(w.outbox) as typeof w.outbox;
    outbox.markSent = async (id, pid, at) => {
      if (id === 'm002') throw new Error('the invocation was killed');
      return w.outbox.markSent(id, pid, at);
    };
    await expect(deliverOutbox({ ...w.deps, outbox })).rejects.toThrow('killed');
    await deliverOutbox(w.deps);
    const sentTo = referencesOf(w.gateway.requests);
    expect(sentTo.filter((r) => r === 'm002')).toHaveLength(1);
    expect(new Set(sentTo).size).toBe(sentTo.length);
    expect(await w.outbox.get('m002')).toMatchObject({ state: 'sending' });
    expect(sentTo).toHaveLength(6);
  });

  it("counts a batch's segments against the month's budget in one write", async () => {
    const w = smsWorld(new ScriptedGateway(undefined, 100));
    const store = new InMemoryBudget();
    let writes = 0;
    const counted = { reserve: (...args: Parameters<InMemoryBudget['reserve']>) => (writes++, store.reserve(...args)) };
    for (let i = 0; i < 50; i++) await w.outbox.enqueue(smsMessage(`fam${i}`, 'weather_family_heat', { phone: `+86139000${String(i).padStart(5, '0')}` }));
    expect(await deliverOutbox({ ...w.deps, budget: { store: counted, monthlySegments: 10_000 } })).toMatchObject({ sent: 50, calls: 1 });
    expect(writes).toBe(1);
  });

  it("spends the month's budget to the last segment when a batch does not fit, and holds the rest with the reason", async () => {
    const w = smsWorld(new ScriptedGateway(undefined, 100));
    for (let i = 0; i < 5; i++) await w.outbox.enqueue(smsMessage(`fam${i}`, 'weather_family_heat', { phone: `+86139000${String(i).padStart(5, '0')}` }));
    const segments = (await w.outbox.get('fam0'))!.segments;
    const report = await deliverOutbox({ ...w.deps, budget: { store: new InMemoryBudget(), monthlySegments: 3 * segments } });
    expect(report).toMatchObject({ sent: 3, heldForBudget: 2 });
    expect(await w.outbox.get('fam4')).toMatchObject({ state: 'held', lastError: expect.stringMatching(/^monthly SMS budget of \d+ segments for 2026-11 is spent/) });
    expect(w.phoneBudget.totalFor('+8613900000004', '2026-11-23')).toBe(0);
  });
});
