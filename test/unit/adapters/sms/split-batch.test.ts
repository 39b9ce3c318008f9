import { describe, expect, it } from 'vitest';
import { callReference, messageReference } from '../../../../shared/adapters/sms/call-reference';
import { sendSplittingNumberRefusals, SPLIT_CALL_BUDGET } from '../../../../shared/adapters/sms/split-batch';
import type { CallAnswer } from '../../../../shared/adapters/sms/split-batch';

/** A provider that refuses any call containing a bad number with one code for the whole call. */
function provider(bad: Set<number>, refusal: CallAnswer = { wholeCall: { outcome: 'invalid_number', detail: 'isv.MOBILE_NUMBER_ILLEGAL' } }) {
  const calls: number[][] = [];
  const call = async (part: readonly number[]): Promise<CallAnswer> => {
    calls.push([...part]);
    return part.some((n) => bad.has(n)) ? refusal : { perRecipient: part.map((n) => ({ outcome: 'accepted', providerMessageId: `biz-${n}` })) };
  };
  return { calls, call };
}

describe('Splitting a batch refused for one number', () => {
  it('sends a clean batch in one call', async () => {
    const p = provider(new Set());
    expect((await sendSplittingNumberRefusals([1, 2, 3], p.call)).map((a) => a.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(p.calls).toHaveLength(1);
  });

  it('never re-sends a number that was accepted, and fails only the bad ones', async () => {
    const p = provider(new Set([3, 7]));
    const numbers = Array.from({ length: 10 }, (_, i) => i);
    const answers = await sendSplittingNumberRefusals(numbers, p.call);
    expect(answers.map((a, i) => `${i}:${a.outcome}`).filter((s) => !s.endsWith('accepted'))).toEqual(['3:invalid_number', '7:invalid_number']);
    const acceptedCalls = p.calls.filter((c) => !c.some((n) => n === 3 || n === 7)).flat();
    expect(acceptedCalls.sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5, 6, 8, 9]);
  });

  it('does not split a call the provider may have taken', async () => {
    const p = provider(new Set([1]), { wholeCall: { outcome: 'unknown', detail: 'isp.SYSTEM_ERROR' } });
    expect((await sendSplittingNumberRefusals([0, 1, 2, 3], p.call)).map((a) => a.outcome)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(p.calls).toHaveLength(1);
  });

  it('does not split a refusal that is not about a number (a refused template)', async () => {
    const p = provider(new Set([0, 1]), { wholeCall: { outcome: 'refused', scope: 'template', detail: 'isv.SMS_TEMPLATE_ILLEGAL' } });
    expect(await sendSplittingNumberRefusals([0, 1], p.call)).toHaveLength(2);
    expect(p.calls).toHaveLength(1);
  });

  it('stops at its call budget, settles at least one number and asks to try the rest later', async () => {
    const p = provider(new Set(Array.from({ length: 1000 }, (_, i) => i)));
    const answers = await sendSplittingNumberRefusals(
      Array.from({ length: 1000 }, (_, i) => i),
      p.call,
    );
    expect(p.calls).toHaveLength(SPLIT_CALL_BUDGET);
    expect(answers.filter((a) => a.outcome === 'invalid_number').length).toBeGreaterThan(0);
    expect(new Set(answers.map((a) => a.outcome))).toEqual(new Set(['invalid_number', 'throttled']));
  });
});

describe('The reference a provider call carries', () => {
  it('is the message id for one number, and a stable batch id for several', () => {
    expect(callReference(['family#E1#occ'])).toBe('family#E1#occ');
    expect(callReference(['a', 'b'])).toBe(callReference(['a', 'b']));
    expect(callReference(['a', 'b'])).not.toBe(callReference(['a', 'c']));
    expect(messageReference(callReference(['a', 'b']))).toBeUndefined();
    expect(messageReference('family#E1#occ')).toBe('family#E1#occ');
  });
});
