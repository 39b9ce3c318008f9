import { describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../../shared/app/send-sms';
import type { SmsAnswer } from '../../../shared/domain/sms/provider';
import { ScriptedGateway } from '../../fakes/scripted-gateway';
import { smsMessage, smsWorld, SMS_AT } from '../../helpers/sms';

const answer = (a: SmsAnswer) => () => a;
const ALIYUN = { provider: 'aliyun' as const, templateCodes: { assignment_digest: 'SMS_100000001', reassignment: 'SMS_100000002', escalation_digest: 'SMS_100000003' } };

describe('Use case: deliverOutbox, answer by answer', () => {
  it('sends through the gateway with template, code, signature name and ordered parameters, and marks it sent', async () => {
    const w = smsWorld(new ScriptedGateway(), ALIYUN);
    await w.outbox.enqueue(smsMessage('m1', 'reassignment'));
    const report = await deliverOutbox(w.deps);
    expect(report).toMatchObject({ sent: 1, calls: 1, sentByTemplate: { reassignment: { count: 1, segments: 1 } } });
    expect(w.gateway.requests[0]).toMatchObject({
      templateId: 'reassignment',
      templateCode: 'SMS_100000002',
      signName: '成华民政',
      params: [
        { name: 'elder', value: '张*华' },
        { name: 'village', value: '天鹅村' },
        { name: 'dueDate', value: '11月30日' },
        { name: 'method', value: '上门' },
      ],
      recipients: [{ reference: 'm1' }],
    });
    expect(await w.outbox.get('m1')).toMatchObject({ state: 'sent', providerMessageId: 'p-1-0', attempts: 1 });
  });

  it('retries a throttled send with growing backoff and jitter, and sends it once', async () => {
    const w = smsWorld(new ScriptedGateway((call) => (call <= 2 ? { outcome: 'throttled', detail: 'isv.BUSINESS_LIMIT_CONTROL' } : { outcome: 'accepted', providerMessageId: 'x' })));
    await w.outbox.enqueue(smsMessage('m1', 'assignment_digest'));
    expect(await deliverOutbox(w.deps)).toMatchObject({ sent: 1, throttledReleased: 0, calls: 3 });
    // Backoff 200 then 400 ms (random() = 1) between tries; on the test's frozen clock each call's
    // slot (10/s) is 100 ms after the last one's: the first goes at once, the next two wait 100 and 200.
    expect(w.sleeps).toEqual([200, 100, 400, 200]);
    expect(await w.outbox.get('m1')).toMatchObject({ state: 'sent' });
  });

  it('puts a message throttled on every try back as pending for later, and gives its per-phone count back', async () => {
    const w = smsWorld(new ScriptedGateway(answer({ outcome: 'throttled', detail: 'flow control' })));
    const m = smsMessage('m1', 'assignment_digest');
    await w.outbox.enqueue(m);
    expect(await deliverOutbox(w.deps)).toMatchObject({ sent: 0, throttledReleased: 1, calls: 4 });
    const after = await w.outbox.get('m1');
    expect(after).toMatchObject({ state: 'pending', lastError: 'throttled by local: flow control' });
    expect(after!.sendAfter > SMS_AT).toBe(true);
    expect(await w.outbox.listReady(SMS_AT, 10)).toHaveLength(0);
    expect(w.phoneBudget.totalFor(m.phone!, '2026-11-23')).toBe(0);
  });

  it('defers a number the provider has capped to the next morning, with one call and no retry', async () => {
    const w = smsWorld(new ScriptedGateway(answer({ outcome: 'recipient_limited', detail: 'isv.DAY_LIMIT_CONTROL' })));
    await w.outbox.enqueue(smsMessage('m1', 'assignment_digest'));
    expect(await deliverOutbox(w.deps)).toMatchObject({ deferredRecipientLimited: 1, calls: 1 });
    expect(await w.outbox.get('m1')).toMatchObject({ state: 'pending', sendAfter: '2026-11-24T08:00:00+08:00' });
  });

  it('fails an invalid number for good and lists it for the office to fix the ledger', async () => {
    const w = smsWorld(new ScriptedGateway(answer({ outcome: 'invalid_number', detail: 'isv.MOBILE_NUMBER_ILLEGAL' })));
    await w.outbox.enqueue(smsMessage('m1', 'assignment_digest', { recipientId: 'vis-1' }));
    expect(await deliverOutbox(w.deps)).toMatchObject({ invalidNumbers: 1 });
    expect(await w.outbox.get('m1')).toMatchObject({ state: 'failed', lastError: 'invalid number: isv.MOBILE_NUMBER_ILLEGAL' });
    expect(await w.outbox.invalidNumbers(10)).toEqual([expect.objectContaining({ messageId: 'm1', recipientId: 'vis-1', template: 'assignment_digest' })]);
    expect(await deliverOutbox(w.deps)).toMatchObject({ considered: 0 });
  });

  it('stops a refused template: its messages are held with the reason, others still go, and a new code lets it flow', async () => {
    const gateway = new ScriptedGateway((_, __, r) => (r.templateId === 'reassignment' ? { outcome: 'refused', scope: 'template', detail: 'isv.SMS_TEMPLATE_ILLEGAL' } : { outcome: 'accepted', providerMessageId: 'x' }));
    const w = smsWorld(gateway, ALIYUN);
    await w.outbox.enqueue(smsMessage('r1', 'reassignment'));
    await w.outbox.enqueue(smsMessage('r2', 'reassignment', { phone: '+8613900000002', text: 'other text' }));
    await w.outbox.enqueue(smsMessage('a1', 'assignment_digest'));
    const report = await deliverOutbox(w.deps);
    expect(report).toMatchObject({ sent: 1, heldForTemplate: 2, templatesRefused: ['reassignment'] });
    expect(gateway.requests.filter((r) => r.templateId === 'reassignment')).toHaveLength(1);
    expect(await w.outbox.get('r2')).toMatchObject({ state: 'held', lastError: 'template reassignment is stopped: refused by local: isv.SMS_TEMPLATE_ILLEGAL' });
    // The next run remembers the stop without asking the provider again.
    await w.outbox.enqueue(smsMessage('r3', 'reassignment', { phone: '+8613900000003', text: 'third' }));
    await deliverOutbox(w.deps);
    expect(gateway.requests.filter((r) => r.templateId === 'reassignment')).toHaveLength(1);
    expect(await w.outbox.get('r3')).toMatchObject({ state: 'held' });
    // Filed again under a new code, it goes.
    await w.outbox.enqueue(smsMessage('r4', 'reassignment', { phone: '+8613900000004', text: 'fourth' }));
    expect(await deliverOutbox({ ...w.deps, sms: { ...w.deps.sms, templateCodes: { ...ALIYUN.templateCodes, reassignment: 'SMS_100000099' } }, gateway: new ScriptedGateway() })).toMatchObject({ sent: 1 });
  });

  it('stops the run when the account is refused: nothing more is claimed, the refused message waits', async () => {
    const gateway = new ScriptedGateway(answer({ outcome: 'refused', scope: 'account', detail: 'isv.OUT_OF_SERVICE' }));
    const w = smsWorld(gateway);
    for (const id of ['m1', 'm2', 'm3']) await w.outbox.enqueue(smsMessage(id, 'assignment_digest', { text: id }));
    const report = await deliverOutbox(w.deps);
    expect(report).toMatchObject({ accountRefused: 'isv.OUT_OF_SERVICE', calls: 1, considered: 1, sent: 0 });
    expect(await w.outbox.get('m1')).toMatchObject({ state: 'pending', sendAfter: '2026-11-23T09:15:00+08:00' });
    expect((await w.outbox.get('m2'))?.attempts).toBe(0);
  });

  it('never sends again a message whose delivery is unknown', async () => {
    const gateway = new ScriptedGateway((call) => (call === 1 ? { outcome: 'unknown', detail: 'socket timeout' } : { outcome: 'accepted', providerMessageId: 'x' }));
    const w = smsWorld(gateway);
    await w.outbox.enqueue(smsMessage('m1', 'assignment_digest'));
    expect(await deliverOutbox(w.deps)).toMatchObject({ unknown: 1 });
    await deliverOutbox(w.deps);
    expect(gateway.requests).toHaveLength(1);
    expect(await w.outbox.get('m1')).toMatchObject({ state: 'unknown', lastError: 'delivery unknown: socket timeout' });
  });

  it('treats a gateway that throws, or answers for fewer recipients, as delivery unknown', async () => {
    const throwing = smsWorld(new ScriptedGateway(() => 'throw'));
    await throwing.outbox.enqueue(smsMessage('m1', 'assignment_digest'));
    expect(await deliverOutbox(throwing.deps)).toMatchObject({ unknown: 1 });
    expect((await throwing.outbox.get('m1'))?.lastError).toBe('delivery unknown: the local gateway failed: socket hang up');
    const short = smsWorld({ provider: 'local', maxBatch: 10, send: async () => [{ outcome: 'accepted', providerMessageId: 'only-one' }] });
    await short.outbox.enqueue(smsMessage('f1', 'weather_family_heat'));
    await short.outbox.enqueue(smsMessage('f2', 'weather_family_heat'));
    expect(await deliverOutbox(short.deps)).toMatchObject({ sent: 1, unknown: 1 });
  });

  it('remembers an escalation digest and a family notice as what a reply 1 from that phone will answer', async () => {
    const w = smsWorld();
    await w.outbox.enqueue(smsMessage('esc#lia-1#w', 'escalation_digest', { phone: '+8613800000001', replyTo: 'escalation', taskRefs: ['E1#a', 'E2#b'] }));
    await w.outbox.enqueue(smsMessage('occ#fam', 'weather_family_heat', { phone: '+8613800000002', replyTo: 'family', taskRefs: ['E1#S#2026-11-23'] }));
    await w.outbox.enqueue(smsMessage('a1', 'assignment_digest', { phone: '+8613800000003' }));
    await deliverOutbox(w.deps);
    // Sichuan sends the version inviting the reply (sms.inviteReplies).
    expect(await w.replyTargets.latest('+8613800000001', 'escalation')).toMatchObject({ messageId: 'esc#lia-1#w', taskRefs: ['E1#a', 'E2#b'], template: 'escalation_digest_reply', sentAt: SMS_AT });
    expect(await w.replyTargets.latest('+8613800000002', 'family')).toMatchObject({ taskRefs: ['E1#S#2026-11-23'] });
    expect(await w.replyTargets.latest('+8613800000003', 'escalation')).toBeUndefined();
  });

  it('holds a message whose template the region has no code for, naming the field', async () => {
    const w = smsWorld(new ScriptedGateway(), { provider: 'tencent', templateCodes: {} });
    await w.outbox.enqueue(smsMessage('m1', 'assignment_digest'));
    expect(await deliverOutbox(w.deps)).toMatchObject({ heldForTemplate: 1, calls: 0 });
    expect((await w.outbox.get('m1'))?.lastError).toContain('no template code for assignment_digest in sms.templateCodes');
  });
});
