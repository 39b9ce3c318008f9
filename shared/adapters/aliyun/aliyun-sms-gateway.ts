import { readAliyunCode } from '../../domain/sms/answers/aliyun';
import { readTransportFailure, unreadableAnswer } from '../../domain/sms/answers/transport';
import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../domain/sms/provider';
import { sendToMainlandNumbers } from '../sms/mainland-send';
import type { ProviderCall } from '../sms/mainland-send';
import type { CallAnswer } from '../sms/split-batch';
import { createAliyunSmsClient, SendSmsRequest } from './client';
import type { AliyunClientOptions, AliyunSmsClient } from './client';

/** Aliyun SendSms takes up to 1,000 comma-separated numbers for one template and one set of parameters. */
export const ALIYUN_MAX_BATCH = 1000;

/**
 * SMS through Aliyun's SendSms (dysmsapi 2017-05-25). One call per request: `PhoneNumbers`
 * comma-joined (national form), `SignName`, `TemplateCode`, `TemplateParam` as a JSON object of
 * the named variables, and `OutId` carrying the message's outbox id (a batch id for a batch,
 * see callReference). Aliyun answers a call with one code and one `BizId`; every number of an
 * accepted batch gets that BizId, and its receipts are told apart by number.
 */
export class AliyunSmsGateway implements SmsGateway {
  readonly provider = 'aliyun';
  readonly maxBatch = ALIYUN_MAX_BATCH;

  constructor(private readonly client: AliyunSmsClient) {}

  send(request: SmsSendRequest): Promise<SmsAnswer[]> {
    return sendToMainlandNumbers(request, this.maxBatch, (call) => this.call(request, call));
  }

  private async call(request: SmsSendRequest, call: ProviderCall): Promise<CallAnswer> {
    const params = Object.fromEntries(request.params.map((p) => [p.name, p.value]));
    const sendRequest = new SendSmsRequest({
      phoneNumbers: call.targets.map((t) => t.national).join(','),
      signName: request.signName,
      templateCode: request.templateCode,
      ...(request.params.length > 0 ? { templateParam: JSON.stringify(params) } : {}),
      outId: call.reference,
    });
    try {
      const body = (await this.client.sendSms(sendRequest)).body;
      if (body?.code === 'OK') {
        if (!body.bizId) return { wholeCall: unreadableAnswer('code OK without a BizId') };
        const accepted: SmsAnswer = { outcome: 'accepted', providerMessageId: body.bizId };
        return { perRecipient: call.targets.map(() => accepted) };
      }
      if (typeof body?.code !== 'string' || body.code === '') return { wholeCall: unreadableAnswer('no Code in the answer') };
      return { wholeCall: readAliyunCode(body.code, body.message) };
    } catch (error) {
      return { wholeCall: readAliyunFailure(error) };
    }
  }
}

/** What a thrown SDK error means: an HTTP error answer with a code, a network failure, or an unreadable answer. */
export function readAliyunFailure(error: unknown): SmsAnswer {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; statusCode?: unknown; syscall?: unknown; data?: { Message?: unknown } };
  if (typeof e.statusCode === 'number') {
    const message = typeof e.data?.Message === 'string' ? e.data.Message : undefined;
    return typeof e.code === 'string' && e.code !== 'undefined' ? readAliyunCode(e.code, message) : unreadableAnswer(`HTTP ${e.statusCode} without a code`);
  }
  if (error instanceof SyntaxError) return unreadableAnswer('not JSON');
  const name = typeof e.name === 'string' ? e.name : 'Error';
  // httpx names its timeouts RequestTimeoutError: the read timer, and the socket's idle timer
  // (called "ConnectTimeout" but armed for the whole exchange, so it can fire after the request was written).
  const what = name === 'RequestTimeoutError' ? 'no answer in time' : `the exchange failed (${name})`;
  return readTransportFailure({
    what,
    ...(typeof e.syscall === 'string' ? { syscall: e.syscall } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  });
}

export interface AliyunSmsGatewayOptions extends AliyunClientOptions {}

/** The gateway over a real dysmsapi client (keys from the credentials secret, settings from the region config). */
export function createAliyunSmsGateway(options: AliyunSmsGatewayOptions): AliyunSmsGateway {
  return new AliyunSmsGateway(createAliyunSmsClient(options));
}
