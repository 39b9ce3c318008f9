import type { SendStatus } from 'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_models';
import { readTencentCode, TENCENT_OK } from '../../domain/sms/answers/tencent';
import { readTransportFailure, unreadableAnswer } from '../../domain/sms/answers/transport';
import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../domain/sms/provider';
import { sendToMainlandNumbers } from '../sms/mainland-send';
import type { CallTarget, ProviderCall } from '../sms/mainland-send';
import type { CallAnswer } from '../sms/split-batch';
import { createTencentSmsClient } from './client';
import type { TencentClientOptions, TencentSmsClient } from './client';

/** Tencent SendSms takes up to 200 numbers per request. */
export const TENCENT_MAX_BATCH = 200;

/**
 * SMS through Tencent Cloud's SendSms (2021-01-11): `PhoneNumberSet` in E.164, `SmsSdkAppId`,
 * `SignName`, `TemplateId`, the parameters positionally in `TemplateParamSet` (the template's
 * order), and `SessionContext` carrying the message's outbox id (a batch id for a batch).
 * Tencent answers each number on its own (`SendStatusSet`), with its own `SerialNo`, which its
 * receipts carry as `sid`.
 */
export class TencentSmsGateway implements SmsGateway {
  readonly provider = 'tencent';
  readonly maxBatch = TENCENT_MAX_BATCH;

  constructor(
    private readonly client: TencentSmsClient,
    private readonly sdkAppId: string,
  ) {}

  send(request: SmsSendRequest): Promise<SmsAnswer[]> {
    return sendToMainlandNumbers(request, this.maxBatch, (call) => this.call(request, call));
  }

  private async call(request: SmsSendRequest, call: ProviderCall): Promise<CallAnswer> {
    let statuses: unknown;
    try {
      const response = await this.client.SendSms({
        PhoneNumberSet: call.targets.map((t) => t.phone),
        SmsSdkAppId: this.sdkAppId,
        SignName: request.signName,
        TemplateId: request.templateCode,
        TemplateParamSet: request.params.map((p) => p.value),
        SessionContext: call.reference,
      });
      statuses = response?.SendStatusSet;
    } catch (error) {
      return { wholeCall: readTencentFailure(error) };
    }
    if (!Array.isArray(statuses)) return { wholeCall: unreadableAnswer('no SendStatusSet in the answer') };
    return { perRecipient: answersByNumber(call.targets, statuses as SendStatus[]) };
  }
}

const digitsKey = (phone: string | undefined) => (phone ?? '').replace(/\D/g, '').slice(-11);

/**
 * Each number's status, matched by number (the documentation does not promise the request's
 * order). A number the answer does not mention may have been sent: delivery unknown.
 */
function answersByNumber(targets: readonly CallTarget[], statuses: readonly SendStatus[]): SmsAnswer[] {
  const byNumber = new Map<string, SendStatus>();
  for (const s of statuses) if (s && typeof s === 'object') byNumber.set(digitsKey(s.PhoneNumber), s);
  return targets.map((t): SmsAnswer => {
    const status = byNumber.get(t.national);
    if (!status || typeof status.Code !== 'string') return unreadableAnswer('no status for this number');
    if (status.Code === TENCENT_OK) {
      return status.SerialNo ? { outcome: 'accepted', providerMessageId: status.SerialNo } : unreadableAnswer('Ok without a SerialNo');
    }
    return readTencentCode(status.Code, status.Message);
  });
}

/**
 * What a thrown SDK error means. The SDK wraps every failure in TencentCloudSDKHttpException:
 * an API error carries `code`, an HTTP error `httpCode`, and a network failure only node-fetch's
 * message ("request to … failed, reason: connect ECONNREFUSED …"), read here for its system call.
 */
export function readTencentFailure(error: unknown): SmsAnswer {
  const e = (error ?? {}) as { code?: unknown; httpCode?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.code === 'string' && e.code !== '') return readTencentCode(e.code, message);
  if (typeof e.httpCode === 'number') return unreadableAnswer(`HTTP ${e.httpCode}`);
  // The SDK reads `data.Response.Error` unguarded: a JSON answer of another shape throws a TypeError.
  if (error instanceof TypeError) return unreadableAnswer('not the documented shape');
  if (message.startsWith('invalid json response body')) return unreadableAnswer('not JSON');
  const network = /reason: (connect|getaddrinfo|read|write) (E[A-Z_]+)/.exec(message);
  if (network) return readTransportFailure({ what: 'the exchange failed', syscall: network[1]!, code: network[2]! });
  if (message.startsWith('network timeout')) return readTransportFailure({ what: 'no answer in time' });
  return readTransportFailure({ what: /socket hang up|ECONNRESET/.test(message) ? 'the connection was reset' : 'the exchange failed' });
}

export interface TencentSmsGatewayOptions extends TencentClientOptions {}

/** The gateway over a real Tencent SMS client (keys from the credentials secret, SdkAppId and region from the region config). */
export function createTencentSmsGateway(options: TencentSmsGatewayOptions): TencentSmsGateway {
  return new TencentSmsGateway(createTencentSmsClient(options), options.settings.sdkAppId);
}
