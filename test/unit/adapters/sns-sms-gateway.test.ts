import 'aws-sdk-client-mock-vitest/extend';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsSmsGateway } from '../../../shared/adapters/sns/sns-sms-gateway';
import type { SmsSendRequest } from '../../../shared/domain/sms/provider';

const sns = mockClient(SNSClient);
const error = (name: string, message = `${name} happened`) => Object.assign(new Error(message), { name });
const request = (phones = ['+8613812345678']): SmsSendRequest => ({
  templateId: 'reassignment',
  templateCode: 'reassignment',
  signName: '成华民政',
  params: [{ name: 'elder', value: '张*华' }],
  text: '【成华民政】测试',
  recipients: phones.map((phone, i) => ({ phone, reference: `m${i}` })),
});
const gateway = () => new SnsSmsGateway(new SNSClient({ region: 'ap-southeast-1' }));

describe('Adapter: SnsSmsGateway', () => {
  beforeEach(() => sns.reset());

  it('publishes the rendered text as a transactional SMS, one Publish per recipient, one answer each', async () => {
    sns.on(PublishCommand).resolvesOnce({ MessageId: 'sns-1' }).resolvesOnce({ MessageId: 'sns-2' });
    expect(await gateway().send(request(['+8613812345678', '+8613912345678']))).toEqual([
      { outcome: 'accepted', providerMessageId: 'sns-1' },
      { outcome: 'accepted', providerMessageId: 'sns-2' },
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { PhoneNumber: '+8613812345678', Message: '【成华民政】测试', MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } } });
  });

  it.each([
    ['ThrottledException', 'Rate exceeded', 'throttled'],
    ['Throttling', 'Rate exceeded', 'throttled'],
    ['OptedOutException', 'opted out', 'invalid_number'],
    ['InvalidParameterException', 'Invalid parameter: PhoneNumber Reason: +86123 is not valid', 'invalid_number'],
    ['InternalErrorException', 'internal', 'unknown'],
    ['TimeoutError', 'socket timeout', 'unknown'],
  ])('answers %s as %s', async (name, message, outcome) => {
    sns.on(PublishCommand).rejects(error(name, message));
    expect((await gateway().send(request()))[0]).toMatchObject({ outcome, detail: `${name}: ${message}` });
  });

  it('answers a refused message as a refused template, and a refused account as refused account', async () => {
    sns.on(PublishCommand).rejectsOnce(error('InvalidParameterException', 'Invalid parameter: Message too long')).rejectsOnce(error('AuthorizationErrorException', 'not authorized'));
    const [text] = await gateway().send(request());
    const [account] = await gateway().send(request());
    expect(text).toMatchObject({ outcome: 'refused', scope: 'template' });
    expect(account).toMatchObject({ outcome: 'refused', scope: 'account' });
  });

  it('never throws, and never calls an answer without a message id accepted', async () => {
    sns.on(PublishCommand).resolves({});
    expect(await gateway().send(request())).toEqual([{ outcome: 'unknown', detail: 'SNS answered without a message id' }]);
  });
});
