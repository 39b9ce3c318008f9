import { describe, expect, it } from 'vitest';
import { readTencentCode } from '../../../../../shared/domain/sms/answers/tencent';

describe('Tencent SendSms answers', () => {
  it.each(['LimitExceeded.PhoneNumberDailyLimit', 'LimitExceeded.PhoneNumberThirtySecondLimit', 'LimitExceeded.PhoneNumberOneHourLimit', 'LimitExceeded.PhoneNumberSameContentDailyLimit', 'LimitExceeded.DeliveryFrequencyLimit'])(
    'defers a number that hit a per-number frequency policy (%s)',
    (code) => {
      expect(readTencentCode(code, 'limit').outcome).toBe('recipient_limited');
    },
  );

  it.each(['InvalidParameterValue.IncorrectPhoneNumber', 'FailedOperation.PhoneNumberInBlacklist'])('fails %s for good, for the office to fix the ledger', (code) => {
    expect(readTencentCode(code, 'x').outcome).toBe('invalid_number');
  });

  it.each(['FailedOperation.TemplateIncorrectOrUnapproved', 'FailedOperation.SignatureIncorrectOrUnapproved', 'InvalidParameterValue.TemplateParameterLengthLimit', 'FailedOperation.ContainSensitiveWord'])(
    'stops the template on %s',
    (code) => {
      expect(readTencentCode(code, 'x')).toMatchObject({ outcome: 'refused', scope: 'template' });
    },
  );

  it.each(['FailedOperation.InsufficientBalanceInSmsPackage', 'UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'AuthFailure.SecretIdNotFound', 'AuthFailure.SignatureFailure', 'UnauthorizedOperation.SerivceSuspendDueToArrears'])(
    'stops all sending on %s',
    (code) => {
      expect(readTencentCode(code, 'x')).toMatchObject({ outcome: 'refused', scope: 'account' });
    },
  );

  it.each(['RequestLimitExceeded', 'RequestLimitExceeded.UinLimitExceeded', 'LimitExceeded.AppDailyLimit'])('retries later with backoff on %s', (code) => {
    expect(readTencentCode(code, 'x').outcome).toBe('throttled');
  });

  it.each(['InternalError.Timeout', 'InternalError.SendAndRecvFail', 'InternalError.OtherError', 'InternalError'])('reads %s as delivery unknown', (code) => {
    expect(readTencentCode(code, 'x').outcome).toBe('unknown');
  });

  it('reads a code it does not know as delivery unknown, naming the code', () => {
    expect(readTencentCode('FailedOperation.BrandNew', '新')).toEqual({ outcome: 'unknown', detail: 'unrecognised provider code, read as delivery unknown: FailedOperation.BrandNew: 新' });
  });
});
