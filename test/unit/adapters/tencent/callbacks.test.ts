import { describe, expect, it } from 'vitest';
import { callbackPoster } from '../../../helpers/sms-gateway-requests';
import { parseTencentReceipts, parseTencentReplies } from '../../../../shared/adapters/tencent/callbacks';

const TOKEN = 'P3nX8qL1wZ5rT9yK2mB6vC4hF7jD0sA3gE8uR1oW5iN9bV2m';
const post = callbackPoster(TOKEN);

const status = (over: Record<string, unknown> = {}) => ({
  user_receive_time: '2026-11-20 08:03:04',
  nationcode: '86',
  mobile: '13812345678',
  report_status: 'SUCCESS',
  errmsg: 'DELIVRD',
  description: '用户短信送达成功',
  sid: '2640:1359411000032167280',
  ...over,
});
const reply = (over: Record<string, unknown> = {}) => ({ extend: '', mobile: '13812345678', nationcode: '86', sign: '成华民政', text: '1', time: 1_795_661_000, ...over });

describe('Tencent delivery status callback', () => {
  it('turns each status into a neutral receipt keyed by the number’s SerialNo (sid)', () => {
    expect(parseTencentReceipts(post([status(), status({ mobile: '13900001111', report_status: 'FAIL', errmsg: 'MN:0001', description: '空号', sid: '2640:2' })]))).toEqual({
      status: 'ok',
      items: [
        {
          provider: 'tencent',
          providerMessageId: '2640:1359411000032167280',
          phone: '+8613812345678',
          delivered: true,
          carrierCode: 'DELIVRD',
          description: '用户短信送达成功',
          at: '2026-11-20T08:03:04+08:00',
          dedupeKey: expect.stringMatching(/^tencent:receipt:[0-9a-f]{32}$/),
        },
        { provider: 'tencent', providerMessageId: '2640:2', phone: '+8613900001111', delivered: false, carrierCode: 'MN:0001', description: '空号', at: '2026-11-20T08:03:04+08:00', dedupeKey: expect.any(String) },
      ],
    });
  });

  it('is unauthenticated with a wrong or missing token, before the body is read', () => {
    expect(parseTencentReceipts(post('garbage', 'nope'))).toEqual({ status: 'unauthenticated' });
    expect(parseTencentReceipts(post('garbage', null))).toEqual({ status: 'unauthenticated' });
  });

  it.each([
    ['an unknown status word', [status({ report_status: 'DELIVERED' })], '0.report_status', 'must be SUCCESS or FAIL'],
    ['a mobile with letters', [status({ mobile: '138abc' })], '0.mobile', 'must be the digits of a phone number'],
    ['a number outside mainland China', [status({ nationcode: '1', mobile: '2025550123' })], '0.mobile', 'only mainland China (+86) numbers are accepted, got +1'],
    ['a status without sid', [status({ sid: undefined })], '0.sid', undefined],
    ['a bad receive time', [status({ user_receive_time: '1446703384' })], '0.user_receive_time', 'must be a Beijing time "YYYY-MM-DD HH:MM:SS"'],
  ])('refuses %s, naming the field', (_, body, field, rule) => {
    const result = parseTencentReceipts(post(body));
    expect(result.status).toBe('invalid');
    const error = (result as { errors: { field: string; rule: string }[] }).errors.find((e) => e.field === field);
    expect(error).toBeDefined();
    if (rule) expect(error!.rule).toBe(rule);
  });

  it('refuses an oversized body and more than 1,000 statuses', () => {
    expect(parseTencentReceipts(post(`[${'"x",'.repeat(150_000)}"x"]`))).toMatchObject({ status: 'too_large' });
    expect(parseTencentReceipts(post(Array.from({ length: 1001 }, () => status())))).toMatchObject({ status: 'invalid', errors: [{ field: '(root)' }] });
  });

  it('recognises a repeated status by its dedupe key', () => {
    const a = parseTencentReceipts(post([status()])) as { items: { dedupeKey: string }[] };
    const b = parseTencentReceipts(post([status()])) as { items: { dedupeKey: string }[] };
    expect(b.items[0]!.dedupeKey).toBe(a.items[0]!.dedupeKey);
  });
});

describe('Tencent reply callback', () => {
  it('reads the documented single object as one reply, its UNIX time as a Beijing instant', () => {
    expect(parseTencentReplies(post(reply()))).toEqual({
      status: 'ok',
      items: [{ provider: 'tencent', phone: '+8613812345678', text: '1', at: '2026-11-26T10:43:20+08:00', signName: '成华民政', dedupeKey: expect.stringMatching(/^tencent:reply:/) }],
    });
  });

  it('reads an array of replies too', () => {
    const result = parseTencentReplies(post([reply(), reply({ mobile: '13900001111', text: '收到' })]));
    expect((result as { items: { phone: string; text: string }[] }).items.map((r) => [r.phone, r.text])).toEqual([
      ['+8613812345678', '1'],
      ['+8613900001111', '收到'],
    ]);
  });

  it('refuses a reply whose time is not a UNIX time in seconds, naming the field', () => {
    expect(parseTencentReplies(post(reply({ time: '2026-11-20 10:00:00' })))).toMatchObject({ status: 'invalid', errors: [{ field: '0.time', rule: 'must be a UNIX time in seconds' }] });
    expect(parseTencentReplies(post(reply({ time: 1_795_661_000_000 })))).toMatchObject({ status: 'invalid', errors: [{ field: '0.time' }] });
  });

  it('gives the same reply posted twice the same dedupe key and a different reply another', () => {
    const key = (body: unknown) => (parseTencentReplies(post(body)) as { items: { dedupeKey: string }[] }).items[0]!.dedupeKey;
    expect(key(reply())).toBe(key(reply()));
    expect(key(reply({ time: 1_795_661_060 }))).not.toBe(key(reply()));
  });

  it('is unauthenticated with a wrong token', () => {
    expect(parseTencentReplies(post(reply(), TOKEN.slice(1)))).toEqual({ status: 'unauthenticated' });
  });
});
