import { z } from 'zod';
import { phoneSchema } from '../../domain/elder/phone';
import { chinaLocalTimeSchema } from '../../domain/sms/callbacks';
import type { CallbackResult, DeliveryReceipt, SmsReply } from '../../domain/sms/callbacks';
import { messageReference } from '../sms/call-reference';
import { dedupeKey, parseCallback } from '../sms/callback-body';
import { boundedId as id, boundedText as text, callbackItems as items } from '../sms/callback-fields';
import type { CallbackRequest } from '../sms/callback-body';

/**
 * Aliyun SMS "HTTP批量推送模式" bodies: a JSON array per push, unsigned (the SMS console offers no
 * signature for HTTP push; only the MNS queue mode is signed), re-pushed after 1, 5 and 10
 * minutes until answered 200, and not idempotent by Aliyun's own note. Fields as in Aliyun's
 * SmsReport and SmsUp references; fields Aliyun may add later are ignored, not refused.
 */
// Documented as Boolean; a string "true"/"false" is read too, rather than losing a whole push of receipts.
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'must be true or false' });

const smsReportSchema = items(
  z.object({
    phone_number: phoneSchema,
    send_time: chinaLocalTimeSchema.optional(),
    report_time: chinaLocalTimeSchema,
    success: flag,
    err_code: text(64),
    err_msg: text(256).optional(),
    sms_size: z.union([z.string().regex(/^\d{1,3}$/, 'must be a count'), z.number().int().min(0).max(999)]).optional(),
    biz_id: id(64),
    out_id: text(256).optional(),
  }),
);

const smsUpSchema = items(
  z.object({
    phone_number: phoneSchema,
    send_time: chinaLocalTimeSchema,
    content: text(2000),
    sign_name: text(64).optional(),
    dest_code: text(32).optional(),
    sequence_id: z.union([id(32), z.number().int().nonnegative()], { error: 'must be the sequence number' }),
  }),
);

/** What Aliyun expects back from an accepted push (anything but HTTP 200 makes it push again). */
export const ALIYUN_CALLBACK_ACK = { code: 0, msg: '接收成功' } as const;

/** Delivery receipts (SmsReport) pushed by Aliyun. */
export function parseAliyunReceipts(request: CallbackRequest): CallbackResult<DeliveryReceipt> {
  return parseCallback(request, smsReportSchema, (r) => {
    const reference = messageReference(r.out_id);
    return {
      provider: 'aliyun',
      providerMessageId: r.biz_id,
      ...(reference ? { reference } : {}),
      phone: r.phone_number,
      delivered: r.success,
      ...(r.err_code ? { carrierCode: r.err_code } : {}),
      ...(r.err_msg ? { description: r.err_msg } : {}),
      at: r.report_time,
      dedupeKey: dedupeKey('aliyun', 'receipt', [r.biz_id, r.phone_number, r.out_id, r.success, r.err_code, r.report_time]),
    };
  });
}

/** Replies (SmsUp, 上行短信) pushed by Aliyun. */
export function parseAliyunReplies(request: CallbackRequest): CallbackResult<SmsReply> {
  return parseCallback(request, smsUpSchema, (u) => ({
    provider: 'aliyun',
    phone: u.phone_number,
    text: u.content,
    at: u.send_time,
    ...(u.sign_name ? { signName: u.sign_name } : {}),
    dedupeKey: dedupeKey('aliyun', 'reply', [u.sequence_id, u.phone_number, u.send_time, u.content]),
  }));
}
