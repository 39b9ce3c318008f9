import { describe, expect, it } from 'vitest';
import { readAliyunCode } from '../../../../../shared/domain/sms/answers/aliyun';

describe('Aliyun SendSms answers', () => {
  it('defers a number that reached its per-template daily cap (isv.BUSINESS_LIMIT_CONTROL), never retrying at once', () => {
    expect(readAliyunCode('isv.BUSINESS_LIMIT_CONTROL', '触发天级流控Permits:50')).toEqual({ outcome: 'recipient_limited', detail: 'isv.BUSINESS_LIMIT_CONTROL: 触发天级流控Permits:50' });
  });

  it('fails a malformed number for good, for the office to fix the ledger', () => {
    expect(readAliyunCode('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号').outcome).toBe('invalid_number');
  });

  it.each(['isv.SMS_TEMPLATE_ILLEGAL', 'isv.SMS_SIGNATURE_ILLEGAL', 'isv.SIGN_STATE_ILLEGAL', 'isv.PARAM_LENGTH_LIMIT', 'isv.TEMPLATE_MISSING_PARAMETERS'])('stops the template on %s (a template, signature or parameter refusal)', (code) => {
    expect(readAliyunCode(code, 'x')).toMatchObject({ outcome: 'refused', scope: 'template' });
  });

  it.each(['isv.AMOUNT_NOT_ENOUGH', 'isv.OUT_OF_SERVICE', 'isp.RAM_PERMISSION_DENY', 'isv.MONTH_LIMIT_CONTROL', 'InvalidAccessKeyId.NotFound', 'Forbidden.RAM', 'SignatureDoesNotMatch'])(
    'stops all sending on %s (balance, keys, permissions, the monthly cap)',
    (code) => {
      expect(readAliyunCode(code, 'x')).toMatchObject({ outcome: 'refused', scope: 'account' });
    },
  );

  it.each(['Throttling.User', 'Throttling.Api', 'Throttling', 'isv.DAY_LIMIT_CONTROL'])('retries later with backoff on %s: nothing was sent and waiting lifts it', (code) => {
    expect(readAliyunCode(code, 'x').outcome).toBe('throttled');
  });

  it('reads an internal provider error as delivery unknown: it may have reached a carrier', () => {
    expect(readAliyunCode('isp.SYSTEM_ERROR', 'System Error').outcome).toBe('unknown');
  });

  it('reads a code it does not know as delivery unknown, naming the code', () => {
    expect(readAliyunCode('isv.SOMETHING_NEW', '新错误')).toEqual({ outcome: 'unknown', detail: 'unrecognised provider code, read as delivery unknown: isv.SOMETHING_NEW: 新错误' });
  });

  it('never carries a phone number from the message into the detail', () => {
    const answer = readAliyunCode('isv.MOBILE_NUMBER_ILLEGAL', '号码13812345678格式错误');
    expect(answer).toEqual({ outcome: 'invalid_number', detail: 'isv.MOBILE_NUMBER_ILLEGAL: 号码****5678格式错误' });
  });

  it('bounds the detail length, whatever the provider says', () => {
    expect((readAliyunCode('isp.SYSTEM_ERROR', '长'.repeat(5000)) as { detail: string }).detail.length).toBeLessThanOrEqual(200);
  });
});
