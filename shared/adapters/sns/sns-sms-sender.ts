import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SmsRejectedError, SmsThrottledError } from '../../domain/sms/errors';
import type { SmsRequest, SmsSender } from '../../ports';

/** SNS errors that mean "not now, nothing was sent". */
const THROTTLED = new Set(['ThrottledException', 'Throttling', 'ThrottlingException', 'KMSThrottlingException', 'TooManyRequestsException']);
/** SNS errors that refuse this message for good: retrying would fail the same way. */
const REJECTED = new Set(['InvalidParameterException', 'InvalidParameterValueException', 'AuthorizationErrorException', 'OptedOutException', 'ValidationException']);

/** SMS through SNS Publish to a phone number (not available in the AWS China partition). */
export class SnsSmsSender implements SmsSender {
  readonly provider = 'sns';

  constructor(private readonly client: SNSClient) {}

  async send(request: SmsRequest): Promise<{ providerMessageId: string }> {
    try {
      const out = await this.client.send(
        new PublishCommand({
          PhoneNumber: request.to,
          Message: request.text,
          MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        }),
      );
      if (!out.MessageId) throw new Error('SNS accepted the message but returned no message id');
      return { providerMessageId: out.MessageId };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (THROTTLED.has(name)) throw new SmsThrottledError((error as Error).message, { cause: error });
      if (REJECTED.has(name)) throw new SmsRejectedError((error as Error).message, { cause: error });
      throw error;
    }
  }
}

/**
 * The client for SMS: one attempt per call. Publish is not idempotent, so the SDK must not
 * retry a request that may already have been sent (a timeout after SNS accepted it); throttling
 * retries are done by the use case, which knows nothing was sent.
 */
export function createSnsSmsSender(region: string): SnsSmsSender {
  return new SnsSmsSender(new SNSClient({ region, maxAttempts: 1 }));
}
