import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/adapters/local/manual-clock';
import { deliverOutbox } from '../../../shared/app/send-sms';
import type { DeliverOutboxDeps } from '../../../shared/app/send-sms';
import { SmsRejectedError, SmsThrottledError } from '../../../shared/domain/sms/errors';
import type { SmsRequest, SmsSender } from '../../../shared/ports';
import { InMemoryOutbox } from '../../fakes/in-memory-outbox';

const at = '2026-11-23T09:00:00+08:00';

class ScriptedSender implements SmsSender {
  readonly provider = 'test';
  readonly sent: SmsRequest[] = [];
  constructor(private readonly script: (n: number) => 'ok' | 'throttle' | 'reject' | 'timeout') {}
  private calls = 0;
  async send(request: SmsRequest) {
    const outcome = this.script(++this.calls);
    await Promise.resolve();
    if (outcome === 'throttle') throw new SmsThrottledError('Rate exceeded');
    if (outcome === 'reject') throw new SmsRejectedError('Invalid parameter: PhoneNumber');
    if (outcome === 'timeout') throw new Error('socket hang up');
    this.sent.push(request);
    return { providerMessageId: `p-${this.calls}` };
  }
}

async function setup(script: ConstructorParameters<typeof ScriptedSender>[0], messages = 1) {
  const outbox = new InMemoryOutbox();
  for (let i = 0; i < messages; i++) {
    await outbox.enqueue({ messageId: `m${i}`, kind: 'assignment_digest', urgent: false, recipientId: `v${i}`, phone: '+8613812345678', text: '【成华民政】测试', segments: 1, createdAt: at, sendAfter: at });
  }
  const sender = new ScriptedSender(script);
  const sleeps: number[] = [];
  const deps: DeliverOutboxDeps = { outbox, sender, clock: new ManualClock(at), sleep: async (ms) => void sleeps.push(ms), random: () => 1, limit: 100, sendsPerSecond: 10, maxAttempts: 4 };
  return { outbox, sender, sleeps, deps };
}

describe('Use case: deliverOutbox', () => {
  it('retries a throttled send with growing backoff and sends it once', async () => {
    const { outbox, sender, sleeps, deps } = await setup((n) => (n <= 2 ? 'throttle' : 'ok'));
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 1, throttledReleased: 0, failed: 0 });
    expect(sender.sent).toHaveLength(1);
    expect(sleeps.slice(0, 2)).toEqual([200, 400]);
    expect(await outbox.get('m0')).toMatchObject({ state: 'sent', providerMessageId: 'p-3', attempts: 1 });
  });

  it('puts a message throttled on every try back as pending for later: not lost, not failed', async () => {
    const { outbox, deps } = await setup(() => 'throttle');
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 0, throttledReleased: 1 });
    const m = await outbox.get('m0');
    expect(m).toMatchObject({ state: 'pending', lastError: 'throttled 4 times: Rate exceeded' });
    expect(m!.sendAfter > at).toBe(true);
    expect(await outbox.listReady(at, 10)).toHaveLength(0);
    expect(await outbox.listReady('2026-11-23T09:05:00+08:00', 10)).toHaveLength(1);
  });

  it('keeps a rejected message visible as failed with the reason', async () => {
    const { outbox, deps } = await setup(() => 'reject');
    expect(await deliverOutbox(deps)).toMatchObject({ failed: 1 });
    expect(await outbox.get('m0')).toMatchObject({ state: 'failed', lastError: 'rejected by test: Invalid parameter: PhoneNumber' });
  });

  it('never resends a message whose outcome is unknown', async () => {
    const { outbox, sender, deps } = await setup((n) => (n === 1 ? 'timeout' : 'ok'));
    await deliverOutbox(deps);
    await deliverOutbox(deps);
    expect(sender.sent).toHaveLength(0);
    expect(await outbox.get('m0')).toMatchObject({ state: 'failed', lastError: 'delivery unknown: socket hang up' });
  });

  it('sends each message exactly once when two senders run at the same time', async () => {
    const { sender, deps } = await setup(() => 'ok', 20);
    const [a, b] = await Promise.all([deliverOutbox(deps), deliverOutbox(deps)]);
    expect(a.sent + b.sent).toBe(20);
    expect(a.skipped + b.skipped).toBe(20);
    expect(new Set(sender.sent.map((r) => r.reference)).size).toBe(20);
    expect(sender.sent).toHaveLength(20);
  });

  it('paces sends to the configured rate', async () => {
    const { sleeps, deps } = await setup(() => 'ok', 3);
    await deliverOutbox({ ...deps, sendsPerSecond: 4 });
    expect(sleeps).toEqual([250, 250, 250]);
  });
});
