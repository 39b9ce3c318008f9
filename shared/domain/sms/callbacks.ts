import { z } from 'zod';
import { instantAt } from '../time/instant';
import type { Instant } from '../time/instant';
import { isLocalDate } from '../time/local-date';
import type { FieldIssue } from '../validation';

/** Providers that post receipts and replies back to us; `local`: the file gateway and `tanfang sms reply`. */
export type CallbackProvider = 'aliyun' | 'tencent' | 'local';

/** A carrier's report on one SMS to one number, whatever the provider. */
export interface DeliveryReceipt {
  provider: CallbackProvider;
  /** Aliyun `biz_id` (the call's BizId, shared by every number of a batch); Tencent `sid` (the number's SerialNo). */
  providerMessageId: string;
  /** Our outbox id, when the call went to one number (Aliyun `out_id`); absent for a batch call. */
  reference?: string;
  /** E.164. With `providerMessageId` it names the message of an Aliyun batch. Never log it. */
  phone: string;
  delivered: boolean;
  /** The carrier's status code (Aliyun `err_code`, e.g. DELIVERED; Tencent `errmsg`, e.g. DELIVRD). */
  carrierCode?: string;
  description?: string;
  /** When the carrier reported it. */
  at: Instant;
  /** The same for the same report however often it is posted: store a receipt once under it. */
  dedupeKey: string;
}

/** A text a phone sent back (上行短信), whatever the provider. */
export interface SmsReply {
  provider: CallbackProvider;
  /** E.164. Never log it. */
  phone: string;
  text: string;
  at: Instant;
  /** The signature the reply answered, when the provider says (Aliyun `sign_name`, Tencent `sign`). */
  signName?: string;
  /** The same for the same reply however often it is posted: store a reply once under it. */
  dedupeKey: string;
}

/**
 * A callback, parsed: authenticated and well formed (→ 200 with the provider's acknowledgement),
 * or not (→ 401, 413, 400 with `errors` naming each field and rule). Nothing is read from a body
 * before its path token is checked.
 */
export type CallbackResult<T> = { status: 'ok'; items: T[] } | { status: 'unauthenticated' } | { status: 'too_large'; limitBytes: number } | { status: 'invalid'; errors: FieldIssue[] };

/**
 * Bounds on one callback. Both providers batch (Aliyun "单次请求可能包含多个"; Tencent "一次回调
 * 请求里可能有多次的短信请求结果"); a report is about 300 bytes, so 1,000 of them fit well inside.
 */
export const CALLBACK_LIMITS = { maxBytes: 512 * 1024, maxItems: 1000 } as const;

const CHINA_LOCAL = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

/** "2017-01-01 08:03:04", Beijing time as both providers write it, to an instant. */
export const chinaLocalTimeSchema = z.string().transform((value, ctx): Instant => {
  const m = CHINA_LOCAL.exec(value);
  if (!m || !isLocalDate(m[1]!)) {
    ctx.addIssue({ code: 'custom', message: 'must be a Beijing time "YYYY-MM-DD HH:MM:SS"' });
    return z.NEVER;
  }
  return instantAt(m[1]!, `${m[2]}:${m[3]}:${m[4]}`);
});
