import type { SmsAnswer } from '../provider';
import { MEANING, readCode } from './table';
import type { CodeTable } from './table';

const { throttled, recipientLimited, invalidNumber, template, account, unknown } = MEANING;

/**
 * Aliyun SMS (dysmsapi 2017-05-25) `SendSms` codes, from Aliyun's 国内消息API错误码 page
 * (help.aliyun.com, document 101346) and the OpenAPI gateway's common errors. Aliyun answers a
 * whole call with one code: anything but `OK` means the call sent nothing and has no `BizId`.
 */
export const ALIYUN_SEND_CODES: CodeTable = {
  codes: {
    // 触发号码天级/小时级/分钟级流控: same signature + template to one number (notifications: 50 a day).
    'isv.BUSINESS_LIMIT_CONTROL': recipientLimited,
    // The office's own daily cap in the console: lifts by itself at midnight, so wait and retry.
    'isv.DAY_LIMIT_CONTROL': throttled,
    // The monthly cap blocks for weeks: someone must raise it in the console.
    'isv.MONTH_LIMIT_CONTROL': account,
    'isv.MOBILE_NUMBER_ILLEGAL': invalidNumber,
    'isv.AMOUNT_NOT_ENOUGH': account,
    'isv.OUT_OF_SERVICE': account,
    'isv.PRODUCT_UN_SUBSCRIPT': account,
    'isv.PRODUCT_UNSUBSCRIBE': account,
    'isv.ACCOUNT_NOT_EXISTS': account,
    'isv.ACCOUNT_ABNORMAL': account,
    'isp.RAM_PERMISSION_DENY': account,
    'isv.DENY_IP_RANGE': account,
    'isv.EXTEND_CODE_ERROR': account,
    'isv.SMS_TEMPLATE_ILLEGAL': template,
    'isv.SMS_SIGNATURE_ILLEGAL': template,
    'isv.SMS_SIGN_ILLEGAL': template,
    'isv.SIGN_STATE_ILLEGAL': template,
    'isv.SMS_SIGNATURE_SCENE_ILLEGAL': template,
    'isv.DOMESTIC_NUMBER_NOT_SUPPORTED': template,
    // The parameters we filled in are refused: the template's variables need fixing in the catalogue.
    'isv.TEMPLATE_MISSING_PARAMETERS': template,
    'isv.INVALID_JSON_PARAM': template,
    'isv.INVALID_PARAMETERS': template,
    'isv.PARAM_LENGTH_LIMIT': template,
    'isv.PARAM_NOT_SUPPORT_URL': template,
    'isv.BLACK_KEY_CONTROL_LIMIT': template,
    'isv.SMS_CONTENT_ILLEGAL': template,
    // The provider failed internally: it may have handed the message to a carrier.
    'isp.SYSTEM_ERROR': unknown,
    'isp.GATEWAY_ERROR': unknown,
    'isp.UNKNOWN': unknown,
    ServiceUnavailable: unknown,
    InternalError: unknown,
    // Gateway authentication: the keys in the credentials secret are wrong, disabled or unauthorised.
    SignatureDoesNotMatch: account,
    IncompleteSignature: account,
    'InvalidTimeStamp.Expired': account,
  },
  prefixes: {
    // Throttling.User, Throttling.Api…: the account's request rate (the SDK keys on "Throttling" too).
    Throttling: throttled,
    'InvalidAccessKeyId.': account,
    'Forbidden.': account,
  },
};

/** What an Aliyun `SendSms` code other than `OK` means for the call's recipients. */
export function readAliyunCode(code: string, message?: string): SmsAnswer {
  return readCode(ALIYUN_SEND_CODES, code, message);
}
