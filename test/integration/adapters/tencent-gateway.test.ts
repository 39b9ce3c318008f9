import { Agent } from 'node:http';
import { connect } from 'node:net';
import type { LookupFunction } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTencentSmsGateway } from '../../../shared/adapters/tencent/tencent-sms-gateway';
import { tencentSmsSettingsSchema } from '../../../shared/config/sms-providers';
import type { SmsSendRequest } from '../../../shared/domain/sms/provider';
import { familyNotice } from '../../helpers/sms-gateway-requests';
import { closedPort, json, startProviderServer } from '../../helpers/provider-server';
import type { ProviderServer, RecordedRequest, Reply } from '../../helpers/provider-server';
import { tencentSignatureProblems } from '../../helpers/provider-signatures';

const KEY = { secretId: 'AKIDtestSecretIdForLoopback01', secretKey: 'test-secret-key-for-loopback' };
const SETTINGS = tencentSmsSettingsSchema.parse({ sdkAppId: '1400006666', timeoutSeconds: 5 });

/** The SDK's real host name stays in the URL (it is signed); the agent dials loopback instead. */
function loopbackAgent(port: number, lookup?: LookupFunction) {
  const agent = new Agent({ keepAlive: false });
  agent.createConnection = () => (lookup ? connect({ port, host: 'sms.tencentcloudapi.com', lookup }) : connect({ port, host: '127.0.0.1' }));
  return agent;
}

let server: ProviderServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

async function gatewayAnswering(reply: (r: RecordedRequest, i: number) => Reply) {
  server = await startProviderServer(reply);
  return createTencentSmsGateway({ credentials: KEY, settings: SETTINGS, transport: { protocol: 'http://', agent: loopbackAgent(server.port) } });
}

const status = (phone: string, code = 'Ok', serial = `2640:${phone.slice(-4)}`) => ({ SerialNo: serial, PhoneNumber: phone, Fee: 1, SessionContext: '', Code: code, Message: code === 'Ok' ? 'send success' : code, IsoCode: 'CN' });
const sent = (...statuses: unknown[]) => json({ Response: { SendStatusSet: statuses, RequestId: 'a0aabda6-cf91-4f3e-a81f-9198114a2279' } });
const apiError = (code: string, message = code) => json({ Response: { Error: { Code: code, Message: message }, RequestId: 'r-1' } });

const request = (phones: string[], over: Partial<SmsSendRequest> = {}) => familyNotice('1110', phones, over);

describe('Adapter: Tencent SMS gateway over the real tencentcloud-sdk-nodejs-sms client', () => {
  it('sends SendSms 2021-01-11 signed with TC3-HMAC-SHA256, the parameters in template order and the message id as SessionContext', async () => {
    const gateway = await gatewayAnswering(() => sent(status('+8613812345678')));
    const answers = await gateway.send(request(['+8613812345678']));

    expect(answers).toEqual([{ outcome: 'accepted', providerMessageId: '2640:5678' }]);
    const [r] = server!.requests;
    expect(r!.method).toBe('POST');
    expect(r!.headers.host).toBe('sms.tencentcloudapi.com');
    expect(r!.headers['x-tc-action']).toBe('SendSms');
    expect(r!.headers['x-tc-version']).toBe('2021-01-11');
    expect(r!.headers['x-tc-region']).toBe('ap-guangzhou');
    expect(JSON.parse(r!.body)).toEqual({
      PhoneNumberSet: ['+8613812345678'],
      SmsSdkAppId: '1400006666',
      SignName: '成华民政',
      TemplateId: '1110',
      TemplateParamSet: ['高温红色预警', '张*华'],
      SessionContext: 'family#E000010#occ-1',
    });
    expect(tencentSignatureProblems(r!, KEY.secretId, KEY.secretKey)).toEqual([]);
    expect(tencentSignatureProblems({ ...r!, body: r!.body.replace('13812345678', '13812345679') }, KEY.secretId, KEY.secretKey)).toContain('signature does not verify');
  });

  it('reads a batch number by number: accepted, at its daily cap, at its 30-second cap, malformed', async () => {
    const phones = ['+8613812345678', '+8613900001111', '+8618600002222', '+8615000003333'];
    const gateway = await gatewayAnswering(() =>
      // Out of order on purpose: statuses are matched by number.
      sent(status(phones[3]!, 'InvalidParameterValue.IncorrectPhoneNumber'), status(phones[1]!, 'LimitExceeded.PhoneNumberDailyLimit'), status(phones[0]!), status(phones[2]!, 'LimitExceeded.PhoneNumberThirtySecondLimit')),
    );
    const answers = await gateway.send(request(phones));

    expect(server!.requests).toHaveLength(1);
    expect(JSON.parse(server!.requests[0]!.body).SessionContext).toMatch(/^batch:[0-9a-f]{24}$/);
    expect(answers).toEqual([
      { outcome: 'accepted', providerMessageId: '2640:5678' },
      { outcome: 'recipient_limited', detail: 'LimitExceeded.PhoneNumberDailyLimit: LimitExceeded.PhoneNumberDailyLimit' },
      { outcome: 'recipient_limited', detail: 'LimitExceeded.PhoneNumberThirtySecondLimit: LimitExceeded.PhoneNumberThirtySecondLimit' },
      { outcome: 'invalid_number', detail: 'InvalidParameterValue.IncorrectPhoneNumber: InvalidParameterValue.IncorrectPhoneNumber' },
    ]);
  });

  it.each([
    ['FailedOperation.TemplateIncorrectOrUnapproved', { outcome: 'refused', scope: 'template' }],
    ['FailedOperation.SignatureIncorrectOrUnapproved', { outcome: 'refused', scope: 'template' }],
    ['FailedOperation.InsufficientBalanceInSmsPackage', { outcome: 'refused', scope: 'account' }],
    ['FailedOperation.PhoneNumberInBlacklist', { outcome: 'invalid_number' }],
  ])('reads a per-number %s', async (code, expected) => {
    const gateway = await gatewayAnswering(() => sent(status('+8613812345678', code)));
    expect((await gateway.send(request(['+8613812345678'])))[0]).toMatchObject(expected);
  });

  it.each([
    ['RequestLimitExceeded', 'throttled'],
    ['AuthFailure.SecretIdNotFound', 'refused'],
    ['AuthFailure.SignatureFailure', 'refused'],
    ['UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'refused'],
    ['FailedOperation.InsufficientBalanceInSmsPackage', 'refused'],
    ['InternalError.Timeout', 'unknown'],
  ])('answers every number of a request refused as a whole with %s as %s', async (code, outcome) => {
    const gateway = await gatewayAnswering(() => apiError(code));
    const answers = await gateway.send(request(['+8613812345678', '+8613900001111']));
    expect(answers.map((a) => a.outcome)).toEqual([outcome, outcome]);
    expect(server!.requests).toHaveLength(1);
  });

  it('reads a number missing from the answer as delivery unknown', async () => {
    const gateway = await gatewayAnswering(() => sent(status('+8613812345678')));
    const answers = await gateway.send(request(['+8613812345678', '+8613900001111']));
    expect(answers.map((a) => a.outcome)).toEqual(['accepted', 'unknown']);
  });

  it('reads a provider that never answers as delivery unknown once the timeout passes, without a second try', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const gateway = await gatewayAnswering(() => 'hang');
    const pending = gateway.send(request(['+8613812345678']));
    await server!.received(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await pending).toEqual([{ outcome: 'unknown', detail: 'network: no answer in time: the provider may have sent it' }]);
    expect(server!.requests).toHaveLength(1);
  });

  it.each([
    ['a page that is not JSON', { status: 200, contentType: 'text/html', body: '<html>维护中</html>' }],
    ['JSON of another shape', json({ result: 0 })],
    ['an answer without SendStatusSet', json({ Response: { RequestId: 'r' } })],
    ['an HTTP 502', { status: 502, contentType: 'text/html', body: 'Bad Gateway' }],
    ['Ok without a SerialNo', sent({ PhoneNumber: '+8613812345678', Code: 'Ok' })],
  ] as const)('reads %s as delivery unknown', async (_, reply) => {
    const gateway = await gatewayAnswering(() => reply);
    expect((await gateway.send(request(['+8613812345678'])))[0]!.outcome).toBe('unknown');
  });

  it('reads a connection reset after the request as delivery unknown', async () => {
    const gateway = await gatewayAnswering(() => 'reset');
    expect((await gateway.send(request(['+8613812345678'])))[0]).toMatchObject({ outcome: 'unknown' });
  });

  it('retries later when the connection is refused or the name does not resolve: nothing reached the provider', async () => {
    const refused = createTencentSmsGateway({ credentials: KEY, settings: SETTINGS, transport: { protocol: 'http://', agent: loopbackAgent(await closedPort()) } });
    expect(await refused.send(request(['+8613812345678']))).toEqual([{ outcome: 'throttled', detail: 'network: connect ECONNREFUSED: nothing was sent, try again later' }]);

    const noDns: LookupFunction = (hostname, _options, callback) => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo' }), '', 4);
    const unresolved = createTencentSmsGateway({ credentials: KEY, settings: SETTINGS, transport: { protocol: 'http://', agent: loopbackAgent(1, noDns) } });
    expect((await unresolved.send(request(['+8613812345678'])))[0]).toMatchObject({ outcome: 'throttled' });
  });

  it('answers a number no domestic template can reach without calling, and refuses more than 200 numbers', async () => {
    const gateway = await gatewayAnswering(() => sent(status('+8613812345678')));
    expect((await gateway.send(request(['+12025550123', '+8613812345678']))).map((a) => a.outcome)).toEqual(['invalid_number', 'accepted']);
    expect(JSON.parse(server!.requests[0]!.body).PhoneNumberSet).toEqual(['+8613812345678']);
    const phones = Array.from({ length: 201 }, (_, i) => `+86138${String(i).padStart(8, '0')}`);
    await expect(gateway.send(request(phones))).rejects.toThrow(/at most 200 recipients/);
  });
});
