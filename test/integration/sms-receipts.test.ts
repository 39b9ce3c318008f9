import { afterAll, describe, expect, it } from 'vitest';
import { applyReceipts } from '../../shared/app/sms-receipts';
import { escalateUndelivered } from '../../shared/app/undelivered-urgent';
import { ScriptedGateway } from '../fakes/scripted-gateway';
import { deliver } from '../helpers/deliver';
import { smsMessage } from '../helpers/sms';
import { backDeps, HEAT_TOWNSHIP, receiptFor, redHeatSent } from '../helpers/sms-back';
import { newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

/** The urgent notices to instructors the outbox holds for a run (ids start `undelivered#`). */
async function instructorNotices(world: World, ids: readonly string[]) {
  const found = [];
  for (const id of ids) {
    const m = await world.repos.outbox.get(id);
    if (m) found.push(m);
  }
  return found;
}

describe('Delivery receipts on dynalite', () => {
  it('sets a message delivered once: the same receipt again changes nothing, a second different one is stored and not applied', async () => {
    const world = await newWorld('sichuan', '2026-11-23T09:00:00+08:00');
    await world.repos.outbox.enqueue(smsMessage('assign#v1#2026-11-23', 'assignment_digest'));
    await deliver(world, new ScriptedGateway());
    const sent = (await world.repos.outbox.get('assign#v1#2026-11-23'))!;
    const receipt = receiptFor(sent, { byReference: true, at: '2026-11-23T09:00:04+08:00' });

    expect(await applyReceipts(backDeps(world), [receipt])).toMatchObject({ received: 1, delivered: 1, duplicates: 0 });
    const delivered = await world.repos.outbox.get(sent.messageId);
    expect(delivered?.delivery).toEqual({
      state: 'delivered',
      provider: 'aliyun',
      at: '2026-11-23T09:00:04+08:00',
      receivedAt: '2026-11-23T09:00:00+08:00',
      carrierCode: 'DELIVERED',
      description: '用户接收成功',
      receipt: receipt.dedupeKey,
    });
    expect(delivered?.state).toBe('sent');

    world.clock.set('2026-11-23T09:05:00+08:00');
    expect(await applyReceipts(backDeps(world), [receipt])).toMatchObject({ received: 1, duplicates: 1, delivered: 0 });
    const contradicting = receiptFor(sent, { byReference: true, delivered: false, carrierCode: 'MK:0001', at: '2026-11-23T09:01:00+08:00' });
    expect(await applyReceipts(backDeps(world), [contradicting])).toMatchObject({ alreadyReported: 1, failed: 0, delivered: 0 });
    // Our reference with another number, or with another call's provider id: not this message's receipt.
    expect(await applyReceipts(backDeps(world), [receiptFor(sent, { byReference: true, phone: '+8613999999999' }), receiptFor(sent, { byReference: true, providerMessageId: 'forged-1' })])).toMatchObject({ unmatched: 2 });
    expect(await world.repos.outbox.get(sent.messageId)).toEqual(delivered);
    expect(await world.repos.callbackLog.get('receipt', receipt.dedupeKey)).toMatchObject({ outcome: `${sent.messageId}: delivered`, phone: '+86 138****' + sent.phone!.slice(-4), phoneKey: expect.stringMatching(/^[0-9a-f]{20}$/) });
    expect(await world.repos.callbackLog.get('receipt', contradicting.dedupeKey)).toMatchObject({ outcome: `${sent.messageId}: already reported`, delivered: false });
    // The number itself is never stored with the callback.
    expect(JSON.stringify(await world.repos.callbackLog.get('receipt', receipt.dedupeKey))).not.toContain(sent.phone!.slice(3));
  });

  it('resolves a message whose delivery was unknown (a timeout) when its receipt names it', async () => {
    const world = await newWorld('sichuan', '2026-11-23T09:00:00+08:00');
    await world.repos.outbox.enqueue(smsMessage('m-timeout', 'assignment_digest'));
    await deliver(world, new ScriptedGateway(() => ({ outcome: 'unknown', detail: 'read timeout' })));
    const message = (await world.repos.outbox.get('m-timeout'))!;
    expect(message.state).toBe('unknown');
    await applyReceipts(backDeps(world), [{ ...receiptFor(message, { byReference: true }), providerMessageId: '9001^0' }]);
    expect(await world.repos.outbox.get('m-timeout')).toMatchObject({ state: 'unknown', delivery: { state: 'delivered' } });
  });

  it("matches a batch's receipts by the provider's id and the number, counts them on the occasion, and stores aside what names no message of ours", async () => {
    const { world, occasionId, family } = await redHeatSent();
    expect(family.length).toBeGreaterThan(3);
    const [a, b, c] = family;
    const report = await applyReceipts(backDeps(world), [
      receiptFor(a!),
      receiptFor(b!, { delivered: false, carrierCode: 'MK:0001', description: '用户关机' }),
      // The batch's id with a number that was not in it, our reference to a message that does not exist, another call's id.
      receiptFor(c!, { phone: '+8613999999999' }),
      receiptFor(c!, { reference: 'occasion#nope', providerMessageId: 'biz-999' }),
      receiptFor(c!, { providerMessageId: 'biz-999' }),
    ]);
    expect(report).toMatchObject({ received: 5, delivered: 1, failed: 1, unmatched: 3, byTemplate: { weather_family_heat_reply: { delivered: 1, failed: 1 } } });
    expect((await world.repos.outbox.get(a!.messageId))?.delivery?.state).toBe('delivered');
    expect((await world.repos.outbox.get(b!.messageId))?.delivery).toMatchObject({ state: 'failed', carrierCode: 'MK:0001', description: '用户关机' });
    expect((await world.repos.outbox.get(c!.messageId))?.delivery).toBeUndefined();
    expect(await world.repos.occasions.stats(occasionId)).toMatchObject({ noticesDelivered: 1, noticesUndelivered: 1 });
  });

  it('tells the township instructor at once, and once, when an urgent SMS to a family is reported failed', async () => {
    const { world, family } = await redHeatSent();
    const notice = family[0]!;
    const elderId = notice.taskRefs![0]!.split('#')[0]!;
    expect(notice.deliverBy).toBe('2026-10-17T20:30:00+08:00');
    const failed = receiptFor(notice, { delivered: false, carrierCode: 'MK:0005' });
    expect(await applyReceipts(backDeps(world), [failed])).toMatchObject({ failed: 1, urgentFailed: 1, instructorNotices: 1 });
    const id = `undelivered#${notice.messageId}#${elderId}`;
    const [told] = await instructorNotices(world, [id]);
    const task = (await world.repos.tasks.get(elderId, notice.taskRefs![0]!.split('#').slice(1).join('#')))!;
    expect(told).toMatchObject({ template: 'urgent_undelivered', kind: 'urgent_undelivered', urgent: true, recipientId: `ins-${HEAT_TOWNSHIP}`, sendAfter: '2026-10-17T20:01:00+08:00', taskRefs: [notice.taskRefs![0]] });
    expect(told!.text).toBe(`【成华民政】送达提醒：发给${task.villageName.slice(0, 6)}老人${task.maskedName}家属的紧急短信未能送达，请尽快电话或上门联系其家属和老人。`);
    expect((await world.repos.outbox.get(notice.messageId))?.undelivered).toEqual({ escalatedAt: '2026-10-17T20:01:00+08:00', notice: id });
    // The same receipt again, and the deadline check later: nobody is told twice.
    expect(await applyReceipts(backDeps(world), [failed])).toMatchObject({ duplicates: 1, instructorNotices: 0 });
    world.clock.set('2026-10-17T21:00:00+08:00');
    const later = await escalateUndelivered(backDeps(world));
    expect(later.undelivered).toBe(family.length - 1);
  });

  it('escalates the urgent family SMS not reported delivered by the deadline, once, one SMS per instructor with the count; a delivered one never', async () => {
    const { world, family } = await redHeatSent();
    const [silentA, silentB, ...rest] = family;
    await applyReceipts(
      backDeps(world),
      rest.map((m) => receiptFor(m)),
    );
    world.clock.set('2026-10-17T20:29:59+08:00');
    expect(await escalateUndelivered(backDeps(world))).toEqual({ undelivered: 0, noticesQueued: 0, nobodyToTell: [], alreadyEscalated: 0 });
    world.clock.set('2026-10-17T20:35:00+08:00');
    expect(await escalateUndelivered(backDeps(world))).toEqual({ undelivered: 2, noticesQueued: 1, nobodyToTell: [], alreadyEscalated: 0 });
    const digestId = `undelivered#ins-${HEAT_TOWNSHIP}#2026-10-17T20:30:00+08:00`;
    const [digest] = await instructorNotices(world, [digestId]);
    expect(digest).toMatchObject({ template: 'urgent_undelivered_digest', urgent: true, params: { count: '2' } });
    expect(digest!.taskRefs!.sort()).toEqual([silentA!.taskRefs![0], silentB!.taskRefs![0]].sort());
    expect((await world.repos.outbox.get(silentA!.messageId))?.undelivered?.notice).toBe(digestId);
    expect((await world.repos.outbox.get(rest[0]!.messageId))?.undelivered).toBeUndefined();
    // The next runs find nothing: each message escalates once.
    world.clock.set('2026-10-17T20:50:00+08:00');
    expect((await escalateUndelivered(backDeps(world))).undelivered).toBe(0);
    // A receipt that comes after all sets the delivery and tells nobody again.
    expect(await applyReceipts(backDeps(world), [receiptFor(silentA!, { delivered: false })])).toMatchObject({ failed: 1, urgentFailed: 0, instructorNotices: 0 });
  });

  it('escalates at the first run an urgent SMS to a family that has no phone to go to, and closes one about nobody we can reach', async () => {
    const { world, family } = await redHeatSent();
    const ref = family[0]!.taskRefs![0]!;
    const noPhone = smsMessage('emergency#v1#contact1', 'emergency_family', { phone: undefined, urgent: true, taskRefs: [ref], createdAt: '2026-10-17T20:01:00+08:00', deliverBy: '2026-10-17T20:31:00+08:00' });
    await world.repos.outbox.enqueue(noPhone);
    await world.repos.outbox.enqueue(smsMessage('emergency#v2#contact1', 'emergency_family', { phone: undefined, urgent: true, taskRefs: ['E999#F#v2'], createdAt: '2026-10-17T20:01:00+08:00', deliverBy: '2026-10-17T20:31:00+08:00' }));
    expect((await world.repos.outbox.get(noPhone.messageId))?.state).toBe('undeliverable');
    // Long before the family notices' deadline: only the two with no phone are due.
    expect(await escalateUndelivered(backDeps(world))).toEqual({ undelivered: 2, noticesQueued: 1, nobodyToTell: ['E999#F#v2'], alreadyEscalated: 0 });
    expect(await world.repos.outbox.get(`undelivered#${noPhone.messageId}#${ref.split('#')[0]}`)).toMatchObject({ template: 'urgent_undelivered', recipientId: `ins-${HEAT_TOWNSHIP}` });
    expect((await world.repos.outbox.get('emergency#v2#contact1'))?.undelivered?.notice).toBe('nobody to tell');
    expect((await escalateUndelivered(backDeps(world))).undelivered).toBe(0);
  });

  it('applies a receipt whose first handling stopped half-way when the provider posts it again, counting it once', async () => {
    const { world, occasionId, family } = await redHeatSent();
    const receipt = receiptFor(family[0]!);
    // A run stored the receipt and died before applying it.
    expect(await world.repos.callbackLog.begin('receipt', receipt.dedupeKey, { provider: 'aliyun', phone: receipt.phone }, '2026-10-17T20:01:00+08:00')).toBe('new');
    expect(await applyReceipts(backDeps(world), [receipt])).toMatchObject({ delivered: 1, duplicates: 0 });
    expect(await applyReceipts(backDeps(world), [receipt])).toMatchObject({ delivered: 0, duplicates: 1 });
    expect(await world.repos.occasions.stats(occasionId)).toMatchObject({ noticesDelivered: 1 });
  });
});
