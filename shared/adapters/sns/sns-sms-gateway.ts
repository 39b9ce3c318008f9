import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { snsErrorAnswer } from '../../domain/sms/answers/sns';
import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../domain/sms/provider';

/**
 * SMS through SNS Publish to a phone number (not available in the AWS China partition). SNS
 * takes text, not templates: it is sent the rendered text, exactly what a template provider
 * would deliver. One number per Publish.
 */
export class SnsSmsGateway implements SmsGateway {
  readonly provider = 'sns' as const;
  readonly maxBatch = 1;

  constructor(private readonly client: SNSClient) {}

  async send(request: SmsSendRequest): Promise<SmsAnswer[]> {
    const answers: SmsAnswer[] = [];
    for (const recipient of request.recipients) answers.push(await this.publish(recipient.phone, request.text));
    return answers;
  }

  private async publish(phone: string, text: string): Promise<SmsAnswer> {
    try {
      const out = await this.client.send(new PublishCommand({ PhoneNumber: phone, Message: text, MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } } }));
      if (!out.MessageId) return { outcome: 'unknown', detail: 'SNS answered without a message id' };
      return { outcome: 'accepted', providerMessageId: out.MessageId };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return snsErrorAnswer(e.name, e.message);
    }
  }
}

/**
 * The client for SMS: one attempt per call. Publish is not idempotent, so the SDK must not
 * retry a request that may already have been sent (a timeout after SNS accepted it); throttling
 * retries are done by the use case, which knows nothing was sent.
 */
export function createSnsSmsGateway(region: string): SnsSmsGateway {
  return new SnsSmsGateway(new SNSClient({ region, maxAttempts: 1 }));
}
