import type { SmsAnswer } from '../../domain/sms/provider';

/** What one provider call answered: one answer per recipient, or one answer for the whole call. */
export type CallAnswer = { perRecipient: SmsAnswer[] } | { wholeCall: SmsAnswer };

/** Calls one send() may spend isolating numbers before it answers the rest "try again later". */
export const SPLIT_CALL_BUDGET = 32;

const NUMBER_REFUSALS = new Set<SmsAnswer['outcome']>(['invalid_number', 'recipient_limited']);

/**
 * Sends a group in one call and, when the provider refuses the whole call for a reason that
 * belongs to one number (a malformed number, a number at its daily cap — Aliyun answers a
 * batch with one code), sends each half again until the numbers at fault are alone. Re-sending
 * is safe only because such a refusal is a definite answer that took nothing: a call that may
 * have been sent (`unknown`) is never split or repeated. Good numbers are never failed for a
 * bad neighbour; past the budget, the unresolved rest are answered `throttled` so the sender
 * tries them later, and each send() still settles at least one number.
 */
export async function sendSplittingNumberRefusals<R>(group: readonly R[], call: (part: readonly R[]) => Promise<CallAnswer>): Promise<SmsAnswer[]> {
  let budget = SPLIT_CALL_BUDGET;
  const answer = async (part: readonly R[]): Promise<SmsAnswer[]> => {
    if (budget <= 0) return part.map(() => ({ outcome: 'throttled', detail: 'a refused batch is being split number by number: try the rest again later' }));
    budget -= 1;
    const result = await call(part);
    if ('perRecipient' in result) return result.perRecipient;
    const whole = result.wholeCall;
    if (part.length === 1 || !NUMBER_REFUSALS.has(whole.outcome)) return part.map(() => whole);
    const middle = Math.ceil(part.length / 2);
    const first = await answer(part.slice(0, middle));
    const second = await answer(part.slice(middle));
    return [...first, ...second];
  };
  return group.length === 0 ? [] : answer(group);
}
