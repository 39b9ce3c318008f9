import { z } from 'zod';
import { phoneSchema } from '../../domain/elder/phone';
import { chinaLocalTimeSchema } from '../../domain/sms/callbacks';
import type { CallbackResult, DeliveryReceipt, SmsReply } from '../../domain/sms/callbacks';
import { toInstant } from '../../domain/time/instant';
import { dedupeKey, parseCallback } from '../sms/callback-body';
import { boundedId as id, boundedText as text, callbackItems as items } from '../sms/callback-fields';
import type { CallbackRequest } from '../sms/callback-body';

/**
 * Tencent Cloud SMS callbacks (短信下发状态通知, 短信回复): unsigned POSTs of JSON, fields as in
 * Tencent's callback references. A status push is an array ("一次回调请求里可能有多次的短信请求
 * 结果"); a reply is documented as one object, and an array of them is read too.
 */
const nationcode = z.string().regex(/^\d{1,4}$/, 'must be a country calling code such as 86');
const mobile = z.string().regex(/^\d{5,15}$/, 'must be the digits of a phone number');

/** nationcode + mobile → E.164, with the same rules as every other phone number here. */
const withPhone = <T extends { nationcode: string; mobile: string }>(value: T, ctx: z.RefinementCtx): T & { phone: string } => {
  const phone = phoneSchema.safeParse(`+${value.nationcode}${value.mobile}`);
  if (!phone.success) {
    ctx.addIssue({ code: 'custom', path: ['mobile'], message: phone.error.issues[0]?.message ?? 'must be a phone number' });
    return z.NEVER;
  }
  return { ...value, phone: phone.data };
};

const statusSchema = items(
  z
    .object({
      user_receive_time: chinaLocalTimeSchema,
      nationcode,
      mobile,
      report_status: z.enum(['SUCCESS', 'FAIL'], { error: 'must be SUCCESS or FAIL' }),
      errmsg: text(64),
      description: text(256).optional(),
      sid: id(64),
    })
    .transform(withPhone),
);

const replyItem = z
  .object({
    extend: text(32).optional(),
    mobile,
    nationcode,
    sign: text(64).optional(),
    text: text(2000),
    time: z.number({ error: 'must be a UNIX time in seconds' }).int().min(1_000_000_000, 'must be a UNIX time in seconds').max(9_999_999_999, 'must be a UNIX time in seconds'),
  })
  .transform(withPhone);
// One object is read as an array of one, so errors still name the field (`0.text`).
const replySchema = z.preprocess((v) => (Array.isArray(v) ? v : [v]), items(replyItem));

/** What Tencent expects back from an accepted callback. */
export const TENCENT_CALLBACK_ACK = { result: 0, errmsg: 'OK' } as const;

/** Delivery status callbacks (短信下发状态通知) from Tencent Cloud SMS. */
export function parseTencentReceipts(request: CallbackRequest): CallbackResult<DeliveryReceipt> {
  return parseCallback(request, statusSchema, (s) => ({
    provider: 'tencent',
    providerMessageId: s.sid,
    phone: s.phone,
    delivered: s.report_status === 'SUCCESS',
    ...(s.errmsg ? { carrierCode: s.errmsg } : {}),
    ...(s.description ? { description: s.description } : {}),
    at: s.user_receive_time,
    dedupeKey: dedupeKey('tencent', 'receipt', [s.sid, s.phone, s.report_status, s.errmsg, s.user_receive_time]),
  }));
}

/** Reply callbacks (短信回复) from Tencent Cloud SMS. */
export function parseTencentReplies(request: CallbackRequest): CallbackResult<SmsReply> {
  return parseCallback(request, replySchema, (r) => ({
    provider: 'tencent',
    phone: r.phone,
    text: r.text,
    at: toInstant(new Date(r.time * 1000)),
    ...(r.sign ? { signName: r.sign } : {}),
    dedupeKey: dedupeKey('tencent', 'reply', [r.phone, r.time, r.text, r.extend]),
  }));
}
