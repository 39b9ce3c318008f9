import 'aws-sdk-client-mock-vitest/extend';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsSmsSender } from '../../../shared/adapters/sns/sns-sms-sender';
import { SmsRejectedError, SmsThrottledError } from '../../../shared/domain/sms/errors';

const sns = mockClient(SNSClient);
const error = (name: string) => Object.assign(new Error(`${name} happened`), { name });

describe('Adapter: SnsSmsSender', () => {
  beforeEach(() => sns.reset());

  it('publishes a transactional SMS to the phone number', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const sender = new SnsSmsSender(new SNSClient({ region: 'ap-southeast-1' }));
    expect(await sender.send({ to: '+8613812345678', text: '【成华民政】测试', reference: 'm1' })).toEqual({ providerMessageId: 'sns-1' });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      PhoneNumber: '+8613812345678',
      Message: '【成华民政】测试',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
  });

  it.each(['ThrottledException', 'Throttling', 'ThrottlingException'])('turns %s into a throttle', async (name) => {
    sns.on(PublishCommand).rejects(error(name));
    await expect(new SnsSmsSender(new SNSClient({})).send({ to: '+8613812345678', text: 'x', reference: 'm' })).rejects.toBeInstanceOf(SmsThrottledError);
  });

  it.each(['InvalidParameterException', 'AuthorizationErrorException'])('turns %s into a final refusal', async (name) => {
    sns.on(PublishCommand).rejects(error(name));
    await expect(new SnsSmsSender(new SNSClient({})).send({ to: '+8613812345678', text: 'x', reference: 'm' })).rejects.toBeInstanceOf(SmsRejectedError);
  });

  it('passes other errors on, so the use case treats delivery as unknown', async () => {
    sns.on(PublishCommand).rejects(error('InternalErrorException'));
    await expect(new SnsSmsSender(new SNSClient({})).send({ to: '+8613812345678', text: 'x', reference: 'm' })).rejects.toThrow('InternalErrorException happened');
  });
});
