import type { SmsAnswer } from '../provider';

/**
 * What an SNS Publish error means for the message (SNS API reference, Publish errors). SNS
 * takes free text, so a refusal of the message itself stops its template like a mainland
 * provider's template refusal would.
 */
const THROTTLED = new Set(['ThrottledException', 'Throttling', 'ThrottlingException', 'KMSThrottlingException', 'TooManyRequestsException']);
/** The number cannot receive: opted out of SMS, or not a phone number SNS can reach. */
const INVALID_NUMBER = new Set(['OptedOutException']);
/** The account or its keys refuse every message: nothing will go until someone fixes it. */
const ACCOUNT = new Set(['AuthorizationErrorException', 'KMSAccessDeniedException', 'KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException', 'KMSOptInRequired', 'InvalidSecurityException']);
const BAD_REQUEST = new Set(['InvalidParameterException', 'InvalidParameterValueException', 'ValidationException']);

/** The answer for one Publish that failed with `name` (the SDK error's name) and `message`. */
export function snsErrorAnswer(name: string, message: string): SmsAnswer {
  const detail = `${name}: ${message}`.slice(0, 300);
  if (THROTTLED.has(name)) return { outcome: 'throttled', detail };
  if (INVALID_NUMBER.has(name)) return { outcome: 'invalid_number', detail };
  if (ACCOUNT.has(name)) return { outcome: 'refused', scope: 'account', detail };
  // SNS says which parameter it refused; a bad PhoneNumber is the ledger's to fix, anything else is the text.
  if (BAD_REQUEST.has(name)) return /phone/i.test(message) ? { outcome: 'invalid_number', detail } : { outcome: 'refused', scope: 'template', detail };
  // Anything else (a timeout, a reset, a 5xx) may have happened after SNS took the message.
  return { outcome: 'unknown', detail };
}
