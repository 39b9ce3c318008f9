import type { SmsAnswer } from './provider';

const MAINLAND_MOBILE = /^\+86(1[3-9]\d{9})$/;

/**
 * The 11-digit national form of a mainland China mobile number given in E.164, or undefined.
 * Domestic templates (国内短信) reach mainland mobiles only; both providers refuse a batch that
 * mixes them with other numbers, so anything else is answered before a call is made.
 */
export function mainlandMobile(e164: string): string | undefined {
  return MAINLAND_MOBILE.exec(e164)?.[1];
}

export const NOT_A_MAINLAND_MOBILE: SmsAnswer = {
  outcome: 'invalid_number',
  detail: 'not a mainland China mobile number (+86 1xx…): domestic templates cannot reach it',
};
