import { describe, expect, it } from 'vitest';
import { callbackPoster } from '../../../helpers/sms-gateway-requests';
import { parseAliyunReceipts, parseAliyunReplies } from '../../../../shared/adapters/aliyun/callbacks';

const TOKEN = 'k7Qw2mR9xT4vB8nL3pZ6cY1hJ5sD0fG2aE7uK9oW4iN6bV3m';
const post = callbackPoster(TOKEN);

const report = (over: Record<string, unknown> = {}) => ({
  phone_number: '13812345678',
  send_time: '2026-11-20 09:00:01',
  report_time: '2026-11-20 09:00:05',
  success: true,
  err_code: 'DELIVERED',
  err_msg: '用户接收成功',
  sms_size: '1',
  biz_id: '900619746936498440',
  out_id: 'family#E000010#occ-1',
  ...over,
});

describe('Aliyun SmsReport push (delivery receipts)', () => {
  it('turns each report of the array into a neutral receipt: E.164 phone, Beijing time, our message id', () => {
    const result = parseAliyunReceipts(post([report(), report({ phone_number: '13900001111', success: false, err_code: 'MK:0001', err_msg: '用户关机', out_id: 'batch:0123456789abcdef01234567' })]));
    expect(result.status).toBe('ok');
    const [delivered, failed] = (result as { items: unknown[] }).items;
    expect(delivered).toEqual({
      provider: 'aliyun',
      providerMessageId: '900619746936498440',
      reference: 'family#E000010#occ-1',
      phone: '+8613812345678',
      delivered: true,
      carrierCode: 'DELIVERED',
      description: '用户接收成功',
      at: '2026-11-20T09:00:05+08:00',
      dedupeKey: expect.stringMatching(/^aliyun:receipt:[0-9a-f]{32}$/),
    });
    // A batch call's OutId names no single message: the receipt is matched by BizId and number.
    expect(failed).toMatchObject({ phone: '+8613900001111', delivered: false, carrierCode: 'MK:0001' });
    expect(failed).not.toHaveProperty('reference');
  });

  it('is unauthenticated with a wrong, shorter, longer or missing path token, before the body is read', () => {
    for (const token of [null, '', 'guess', `${TOKEN}x`, TOKEN.slice(0, -1), TOKEN.toUpperCase()]) {
      expect(parseAliyunReceipts(post('not even json', token))).toEqual({ status: 'unauthenticated' });
    }
    expect(parseAliyunReceipts({ pathToken: '', expectedToken: '', body: '[]' })).toEqual({ status: 'unauthenticated' });
  });

  it('refuses a body over 512 KiB without parsing it', () => {
    const huge = JSON.stringify(Array.from({ length: 2000 }, () => report({ err_msg: '长'.repeat(100) })));
    expect(parseAliyunReceipts(post(huge))).toEqual({ status: 'too_large', limitBytes: 524_288 });
  });

  it('refuses more than 1,000 reports in one push', () => {
    const many = Array.from({ length: 1001 }, () => ({ phone_number: '13812345678', report_time: '2026-11-20 09:00:05', success: true, err_code: 'DELIVERED', biz_id: '1' }));
    expect(parseAliyunReceipts(post(many))).toMatchObject({ status: 'invalid', errors: [{ field: '(root)', rule: 'at most 1000 items in one callback' }] });
  });

  it.each([
    ['not JSON', '{"phone_number":', '(root)', 'must be a JSON body'],
    ['an object instead of an array', report(), '(root)', 'must be a JSON array of items'],
    ['a report without biz_id', [report({ biz_id: undefined })], '0.biz_id', undefined],
    ['success as a word', [report({ success: 'yes' })], '0.success', 'must be true or false'],
    ['a report time in another format', [report({ report_time: '2026/11/20 9:00' })], '0.report_time', 'must be a Beijing time "YYYY-MM-DD HH:MM:SS"'],
    ['an impossible date', [report({ report_time: '2026-02-30 09:00:00' })], '0.report_time', 'must be a Beijing time "YYYY-MM-DD HH:MM:SS"'],
    ['an overlong err_msg', [report({ err_msg: 'x'.repeat(257) })], '0.err_msg', 'must be at most 256 characters'],
  ])('refuses %s, naming the field', (_, body, field, rule) => {
    const result = parseAliyunReceipts(post(body as unknown));
    expect(result.status).toBe('invalid');
    const errors = (result as { errors: { field: string; rule: string }[] }).errors;
    expect(errors.map((e) => e.field)).toContain(field);
    if (rule) expect(errors.find((e) => e.field === field)!.rule).toBe(rule);
  });

  it('refuses a deeply nested body within the size bound as a bad body, not a crash', () => {
    const nested = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(parseAliyunReceipts(post(nested)).status).toBe('invalid');
  });

  it('refuses a bad phone number without repeating it', () => {
    const result = parseAliyunReceipts(post([report({ phone_number: '12345678901' })]));
    expect(result).toMatchObject({ status: 'invalid', errors: [{ field: '0.phone_number', rule: expect.stringContaining('*******8901') }] });
  });

  it('refuses the whole push when one report is bad, so a push is applied whole or not at all', () => {
    expect(parseAliyunReceipts(post([report(), report({ biz_id: '' })])).status).toBe('invalid');
  });

  it('recognises a re-pushed report by its dedupe key, which never holds the phone number', () => {
    const first = parseAliyunReceipts(post([report()])) as { items: { dedupeKey: string }[] };
    const again = parseAliyunReceipts(post([report()])) as { items: { dedupeKey: string }[] };
    const other = parseAliyunReceipts(post([report({ success: false, err_code: 'MK:0001' })])) as { items: { dedupeKey: string }[] };
    expect(again.items[0]!.dedupeKey).toBe(first.items[0]!.dedupeKey);
    expect(other.items[0]!.dedupeKey).not.toBe(first.items[0]!.dedupeKey);
    expect(first.items[0]!.dedupeKey).not.toContain('13812345678');
  });

  it('ignores fields Aliyun adds later rather than losing the push, and reads a byte body', () => {
    const body = new TextEncoder().encode(JSON.stringify([report({ sign_name: '成华民政', template_code: 'SMS_1', request_id: 'r' })]));
    expect(parseAliyunReceipts({ pathToken: TOKEN, expectedToken: TOKEN, body }).status).toBe('ok');
  });
});

describe('Aliyun SmsUp push (replies)', () => {
  const up = (over: Record<string, unknown> = {}) => ({ phone_number: '13812345678', send_time: '2026-11-20 10:15:00', content: '1', sign_name: '成华民政', dest_code: '1234', sequence_id: 1234567890, ...over });

  it('turns each reply into a neutral reply with an E.164 phone and the signature it answered', () => {
    expect(parseAliyunReplies(post([up()]))).toEqual({
      status: 'ok',
      items: [{ provider: 'aliyun', phone: '+8613812345678', text: '1', at: '2026-11-20T10:15:00+08:00', signName: '成华民政', dedupeKey: expect.stringMatching(/^aliyun:reply:/) }],
    });
  });

  it('gives a repeated reply the same dedupe key, whether its sequence id came as a number or a string', () => {
    const a = parseAliyunReplies(post([up()])) as { items: { dedupeKey: string }[] };
    const b = parseAliyunReplies(post([up({ sequence_id: '1234567890' })])) as { items: { dedupeKey: string }[] };
    const later = parseAliyunReplies(post([up({ sequence_id: 1234567891, send_time: '2026-11-20 10:16:00' })])) as { items: { dedupeKey: string }[] };
    expect(b.items[0]!.dedupeKey).toBe(a.items[0]!.dedupeKey);
    expect(later.items[0]!.dedupeKey).not.toBe(a.items[0]!.dedupeKey);
  });

  it('refuses a reply without content or with an overlong one, naming the field', () => {
    expect(parseAliyunReplies(post([up({ content: undefined })]))).toMatchObject({ status: 'invalid', errors: [{ field: '0.content' }] });
    expect(parseAliyunReplies(post([up({ content: '好'.repeat(2001) })]))).toMatchObject({ status: 'invalid', errors: [{ field: '0.content', rule: 'must be at most 2000 characters' }] });
  });

  it('is unauthenticated with a wrong token', () => {
    expect(parseAliyunReplies(post([up()], 'wrong'))).toEqual({ status: 'unauthenticated' });
  });
});
