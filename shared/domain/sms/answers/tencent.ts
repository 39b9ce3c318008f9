import type { SmsAnswer } from '../provider';
import { MEANING, readCode } from './table';
import type { CodeTable } from './table';

const { throttled, recipientLimited, invalidNumber, template, account, unknown } = MEANING;

/** The per-number status Tencent gives a number it took. */
export const TENCENT_OK = 'Ok';

/**
 * Tencent Cloud SMS (2021-01-11) `SendSms` codes, from Tencent's SMS error-code page
 * (cloud.tencent.com/document/api/382/59177, 短信 API 3.0 发送错误码) and the API's common
 * errors. They come either per number (`SendStatusSet[].Code`) or for the whole request
 * (`Response.Error.Code`, in which case nothing was sent).
 */
export const TENCENT_SEND_CODES: CodeTable = {
  codes: {
    // Per-number frequency policies (30 s, hour, day, same content), set in the console.
    'LimitExceeded.PhoneNumberDailyLimit': recipientLimited,
    'LimitExceeded.PhoneNumberOneHourLimit': recipientLimited,
    'LimitExceeded.PhoneNumberThirtySecondLimit': recipientLimited,
    'LimitExceeded.PhoneNumberSameContentDailyLimit': recipientLimited,
    'LimitExceeded.DeliveryFrequencyLimit': recipientLimited,
    // The application's own daily cap (console setting): lifts by itself, so wait and retry.
    'LimitExceeded.AppDailyLimit': throttled,
    'LimitExceeded.DailyLimit': throttled,
    'InvalidParameterValue.IncorrectPhoneNumber': invalidNumber,
    'FailedOperation.PhoneNumberInBlacklist': invalidNumber,
    'UnsupportedOperation.UnsuportedRegion': invalidNumber,
    'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber': invalidNumber,
    'FailedOperation.TemplateIncorrectOrUnapproved': template,
    'FailedOperation.MissingTemplateList': template,
    'FailedOperation.SignatureIncorrectOrUnapproved': template,
    'FailedOperation.MissingSignatureList': template,
    'FailedOperation.ContainSensitiveWord': template,
    'FailedOperation.MarketingSendTimeConstraint': template,
    'InvalidParameter.DirtyWordFound': template,
    'InvalidParameterValue.ContentLengthLimit': template,
    'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': template,
    'InvalidParameterValue.TemplateParameterFormatError': template,
    'InvalidParameterValue.TemplateParameterLengthLimit': template,
    'InvalidParameterValue.TemplateWithDirtyWords': template,
    'FailedOperation.InsufficientBalanceInSmsPackage': account,
    'UnauthorizedOperation.SerivceSuspendDueToArrears': account,
    'UnauthorizedOperation.SmsSdkAppIdVerifyFail': account,
    'UnauthorizedOperation.SdkAppIdIsDisabled': account,
    'UnauthorizedOperation.RequestPermissionDeny': account,
    'UnauthorizedOperation.RequestIpNotInWhitelist': account,
    'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny': account,
    'InvalidParameterValue.SdkAppIdNotExist': account,
    'InvalidParameter.AppidAndBizId': account,
    // 请求下发短信超时 / 收发包超时: the provider may have handed the message to a carrier.
    'InternalError.Timeout': unknown,
    'InternalError.SendAndRecvFail': unknown,
  },
  prefixes: {
    RequestLimitExceeded: throttled,
    'AuthFailure.': account,
    InternalError: unknown,
  },
};

/** What a Tencent code other than `Ok` means for the number (or the whole request) it came with. */
export function readTencentCode(code: string, message?: string): SmsAnswer {
  return readCode(TENCENT_SEND_CODES, code, message);
}
