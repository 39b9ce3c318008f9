import { describe, expect, it } from 'vitest';
import { deliveryStatus, recipientKeyOf, watchesDelivery } from '../../../../shared/domain/sms/delivery';
import { answeredTarget, isLateReply, readReply } from '../../../../shared/domain/sms/reply';

describe('Rule: what a reply says', () => {
  it.each(['1', '１', ' 1 ', '1。', '1!', '１！', '\t1\n'])('reads %j as the confirm command', (text) => {
    expect(readReply(text)).toBe('confirm');
  });

  it.each(['', '11', '1 2', '好的', '收到', 'l', '一', '1,2', 'Y', '１1', '0'])('reads %j as nothing: only 1 acts, nothing is guessed', (text) => {
    expect(readReply(text)).toBeUndefined();
  });
});

describe('Rule: which message a reply answers', () => {
  const digest = { id: 'digest', sentAt: '2026-11-16T09:00:00+08:00' };
  const notice = { id: 'notice', sentAt: '2026-11-16T11:00:00+08:00' };

  it('answers the latest reply-able message sent before the reply was written', () => {
    expect(answeredTarget([digest, notice], '2026-11-16T11:30:00+08:00')).toEqual({ target: notice });
    expect(answeredTarget([digest, notice], '2026-11-16T10:00:00+08:00')).toEqual({ target: digest });
    expect(answeredTarget([digest, undefined], '2026-11-16T10:00:00+08:00')).toEqual({ target: digest });
  });

  it('allows two minutes of clock difference between the provider and us, and no more', () => {
    expect(answeredTarget([digest], '2026-11-16T08:58:30+08:00')).toEqual({ target: digest });
    expect(answeredTarget([digest], '2026-11-16T08:57:00+08:00')).toEqual({ reason: 'before_target' });
  });

  it('answers nothing for a number that was sent nothing reply-able', () => {
    expect(answeredTarget([undefined, undefined], '2026-11-16T10:00:00+08:00')).toEqual({ reason: 'no_target' });
  });

  it('is late past the region’s hours after the message, not at them', () => {
    expect(isLateReply(digest.sentAt, '2026-11-17T09:00:00+08:00', 24)).toBe(false);
    expect(isLateReply(digest.sentAt, '2026-11-17T09:00:01+08:00', 24)).toBe(true);
  });
});

describe('Rule: which SMS are watched for delivery', () => {
  it('watches urgent SMS to families only: emergencies and orange/red warning notices, in either version', () => {
    expect(watchesDelivery({ template: 'emergency_family', urgent: true })).toBe(true);
    expect(watchesDelivery({ template: 'weather_family_heat', urgent: true })).toBe(true);
    expect(watchesDelivery({ template: 'weather_family_heat_reply', urgent: true })).toBe(true);
    // A yellow warning's notice is not urgent; staff have their own escalation; the undelivered notice is not watched again.
    expect(watchesDelivery({ template: 'weather_family_heat', urgent: false })).toBe(false);
    expect(watchesDelivery({ template: 'emergency_staff', urgent: true })).toBe(false);
    expect(watchesDelivery({ template: 'urgent_undelivered', urgent: true })).toBe(false);
    expect(watchesDelivery({ template: 'legacy_text', urgent: true })).toBe(false);
  });

  it('reads a message’s delivery: the receipt’s word, awaiting once (possibly) sent, else not sent', () => {
    const receipt = { state: 'failed' as const, provider: 'aliyun' as const, at: 'a', receivedAt: 'b', receipt: 'k' };
    expect(deliveryStatus({ state: 'sent', delivery: receipt })).toBe('failed');
    expect(deliveryStatus({ state: 'unknown', delivery: { ...receipt, state: 'delivered' } })).toBe('delivered');
    expect(deliveryStatus({ state: 'sent' })).toBe('awaiting');
    expect(deliveryStatus({ state: 'unknown' })).toBe('awaiting');
    for (const state of ['pending', 'sending', 'failed', 'held', 'cancelled', 'undeliverable'] as const) expect(deliveryStatus({ state })).toBe('not_sent');
  });

  it('lists a message under the person it went to, or for a family member under the elder it was about', () => {
    expect(recipientKeyOf({ template: 'escalation_digest', recipientId: 'lia-1', taskRefs: ['E1#a'] })).toBe('person#lia-1');
    expect(recipientKeyOf({ template: 'emergency_family', recipientId: 'contact1', taskRefs: ['E000032#F#v1'] })).toBe('elder#E000032');
    expect(recipientKeyOf({ template: 'weather_family_heat_reply', recipientId: 'family:ab', taskRefs: ['E000007#S#2026-10-17', 'E000009#S#2026-10-17'] })).toBe('elder#E000007');
    expect(recipientKeyOf({ template: 'festival_family', recipientId: 'family:ab', taskRefs: [] })).toBeUndefined();
  });
});
