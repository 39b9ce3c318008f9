import { mainlandMobile, NOT_A_MAINLAND_MOBILE } from '../../domain/sms/recipient';
import type { SmsAnswer, SmsSendRequest } from '../../domain/sms/provider';
import { callReference } from './call-reference';
import { sendSplittingNumberRefusals } from './split-batch';
import type { CallAnswer } from './split-batch';

/** One number a provider call goes to, with every outbox message it delivers. */
export interface CallTarget {
  /** E.164, e.g. +8613812345678. */
  phone: string;
  /** The 11-digit national form, e.g. 13812345678. */
  national: string;
  references: string[];
}

/** One provider call: its numbers, and the one reference it can carry (see callReference). */
export interface ProviderCall {
  targets: readonly CallTarget[];
  reference: string;
}

/**
 * The part of a domestic provider's send() that does not depend on the provider: numbers a
 * domestic template cannot reach are answered at once, a number listed twice in one request is
 * sent one SMS (both messages get its answer: the same text twice is a duplicate), and a whole-
 * call refusal that belongs to one number is split until that number is alone. The answers come
 * back one per recipient, in the request's order.
 */
export async function sendToMainlandNumbers(request: SmsSendRequest, maxBatch: number, call: (c: ProviderCall) => Promise<CallAnswer>): Promise<SmsAnswer[]> {
  if (request.recipients.length > maxBatch) {
    throw new RangeError(`one call takes at most ${maxBatch} recipients, got ${request.recipients.length}: split the batch before sending`);
  }
  const targets = new Map<string, CallTarget>();
  for (const r of request.recipients) {
    const national = mainlandMobile(r.phone);
    if (national === undefined) continue;
    const target = targets.get(r.phone) ?? { phone: r.phone, national, references: [] };
    target.references.push(r.reference);
    targets.set(r.phone, target);
  }
  const list = [...targets.values()];
  const answers = await sendSplittingNumberRefusals(list, (part) => call({ targets: part, reference: callReference(part.flatMap((t) => t.references)) }));
  const byPhone = new Map(list.map((t, i) => [t.phone, answers[i]!]));
  return request.recipients.map((r) => byPhone.get(r.phone) ?? NOT_A_MAINLAND_MOBILE);
}
