import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAliyunSmsGateway } from '../../../shared/adapters/aliyun/aliyun-sms-gateway';
import { aliyunSmsSettingsSchema } from '../../../shared/config/sms-providers';
import type { SmsSendRequest } from '../../../shared/domain/sms/provider';
import { familyNotice } from '../../helpers/sms-gateway-requests';
import { closedPort, json, startProviderServer } from '../../helpers/provider-server';
import type { ProviderServer, RecordedRequest, Reply } from '../../helpers/provider-server';
import { aliyunSignatureProblems } from '../../helpers/provider-signatures';

const KEY = { accessKeyId: 'LTAI5tTestAccessKey01', accessKeySecret: 'test-secret-for-loopback-only' };
const OK = (bizId: string) => json({ Code: 'OK', Message: 'OK', BizId: bizId, RequestId: 'REQ-1' });

let server: ProviderServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

async function gatewayAnswering(reply: (r: RecordedRequest, i: number) => Reply, readMs = 10_000) {
  server = await startProviderServer(reply);
  const settings = aliyunSmsSettingsSchema.parse({ readMs, connectMs: 10_000 });
  return createAliyunSmsGateway({ credentials: KEY, settings: { ...settings, endpoint: `127.0.0.1:${server.port}` }, protocol: 'http' });
}

const request = (phones: string[], over: Partial<SmsSendRequest> = {}) => familyNotice('SMS_468123456', phones, over);

const query = (r: RecordedRequest) => Object.fromEntries(new URL(r.url, 'http://x').searchParams);

describe('Adapter: Aliyun SMS gateway over the real dysmsapi client', () => {
  it('sends SendSms 2017-05-25 signed with ACS3-HMAC-SHA256, the template parameters by name and the message id as OutId', async () => {
    const gateway = await gatewayAnswering(() => OK('900619746936498440'));
    const answers = await gateway.send(request(['+8613812345678']));

    expect(answers).toEqual([{ outcome: 'accepted', providerMessageId: '900619746936498440' }]);
    const [sent] = server!.requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.headers['x-acs-action']).toBe('SendSms');
    expect(sent!.headers['x-acs-version']).toBe('2017-05-25');
    expect(query(sent!)).toEqual({
      PhoneNumbers: '13812345678',
      SignName: '成华民政',
      TemplateCode: 'SMS_468123456',
      TemplateParam: JSON.stringify({ event: '高温红色预警', name: '张*华' }),
      OutId: 'family#E000010#occ-1',
    });
    expect(aliyunSignatureProblems(sent!, KEY.accessKeyId, KEY.accessKeySecret)).toEqual([]);
    expect(aliyunSignatureProblems(sent!, KEY.accessKeyId, 'another-secret')).toContain('signature does not verify');
    const tampered = { ...sent!, url: sent!.url.replace('PhoneNumbers=13812345678', 'PhoneNumbers=13812345679') };
    expect(aliyunSignatureProblems(tampered, KEY.accessKeyId, KEY.accessKeySecret)).toContain('signature does not verify');
  });

  it('sends one text to many numbers in one call, comma-joined, every number answered with the call’s BizId', async () => {
    const gateway = await gatewayAnswering(() => OK('biz-7'));
    const answers = await gateway.send(request(['+8613812345678', '+8613900001111', '+8618600002222']));

    expect(server!.requests).toHaveLength(1);
    expect(query(server!.requests[0]!).PhoneNumbers).toBe('13812345678,13900001111,18600002222');
    expect(query(server!.requests[0]!).OutId).toMatch(/^batch:[0-9a-f]{24}$/);
    expect(answers).toEqual(Array(3).fill({ outcome: 'accepted', providerMessageId: 'biz-7' }));
  });

  it.each([
    [json({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发天级流控Permits:50' }), 'recipient_limited'],
    [json({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' }), 'invalid_number'],
    [json({ Code: 'isv.AMOUNT_NOT_ENOUGH', Message: '账户余额不足' }), 'refused'],
    [json({ Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法' }), 'refused'],
    [json({ Code: 'isv.SMS_SIGNATURE_ILLEGAL', Message: '签名不合法' }), 'refused'],
    [json({ Code: 'isv.DAY_LIMIT_CONTROL', Message: '触发日发送限额' }), 'throttled'],
    [json({ Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' }, 400), 'throttled'],
    [json({ Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' }, 404), 'refused'],
    [json({ Code: 'isp.SYSTEM_ERROR', Message: 'System error' }), 'unknown'],
    [json({ Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.' }, 503), 'unknown'],
  ])('reads the answer %j as %s', async (reply, outcome) => {
    const gateway = await gatewayAnswering(() => reply);
    const [answer] = await gateway.send(request(['+8613812345678']));
    expect(answer!.outcome).toBe(outcome);
    expect(server!.requests).toHaveLength(1);
  });

  it('tells a refused template from a refused account', async () => {
    const template = await gatewayAnswering(() => json({ Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法' }));
    expect(await template.send(request(['+8613812345678']))).toEqual([{ outcome: 'refused', scope: 'template', detail: 'isv.SMS_TEMPLATE_ILLEGAL: 模板不合法' }]);
    await server!.close();
    const account = await gatewayAnswering(() => json({ Code: 'isv.AMOUNT_NOT_ENOUGH', Message: '账户余额不足' }));
    expect(await account.send(request(['+8613812345678']))).toEqual([{ outcome: 'refused', scope: 'account', detail: 'isv.AMOUNT_NOT_ENOUGH: 账户余额不足' }]);
  });

  it('finds the one bad number of a refused batch by halves, so the good numbers still get the family notice', async () => {
    const bad = '13800000000';
    const gateway = await gatewayAnswering((r) => (query(r).PhoneNumbers!.split(',').includes(bad) ? json({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' }) : OK(`biz-${r.url.length}`)));
    const phones = ['+8613812345678', '+8613900001111', `+86${bad}`, '+8618600002222', '+8615000003333'];
    const answers = await gateway.send(request(phones));

    expect(answers.map((a) => a.outcome)).toEqual(['accepted', 'accepted', 'invalid_number', 'accepted', 'accepted']);
    // 5 → [3: refused → [2 ok], [1 refused]], [2 ok]: four calls, each accepted number sent exactly once.
    expect(server!.requests.map((r) => query(r).PhoneNumbers)).toEqual([
      '13812345678,13900001111,13800000000,18600002222,15000003333',
      '13812345678,13900001111,13800000000',
      '13812345678,13900001111',
      '13800000000',
      '18600002222,15000003333',
    ]);
  });

  it('defers only the number at its daily cap when a batch is refused with isv.BUSINESS_LIMIT_CONTROL', async () => {
    const gateway = await gatewayAnswering((r) => (query(r).PhoneNumbers!.includes('13900001111') ? json({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发天级流控' }) : OK('biz-ok')));
    const answers = await gateway.send(request(['+8613812345678', '+8613900001111']));
    expect(answers.map((a) => a.outcome)).toEqual(['accepted', 'recipient_limited']);
  });

  it('never splits or repeats a batch the provider may have taken (an internal error)', async () => {
    const gateway = await gatewayAnswering(() => json({ Code: 'isp.SYSTEM_ERROR', Message: 'System error' }));
    const answers = await gateway.send(request(['+8613812345678', '+8613900001111']));
    expect(answers.map((a) => a.outcome)).toEqual(['unknown', 'unknown']);
    expect(server!.requests).toHaveLength(1);
  });

  it('tries a call once: an HTTP 500 is not retried by the SDK', async () => {
    const gateway = await gatewayAnswering(() => json({ Code: 'InternalError', Message: 'internal' }, 500));
    expect((await gateway.send(request(['+8613812345678'])))[0]!.outcome).toBe('unknown');
    expect(server!.requests).toHaveLength(1);
  });

  it('reads a provider that never answers as delivery unknown once the read timeout passes, without a second try', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const gateway = await gatewayAnswering(() => 'hang', 5_000);
    const pending = gateway.send(request(['+8613812345678']));
    await server!.received(1);
    await vi.advanceTimersByTimeAsync(5_000);
    const [answer] = await pending;
    expect(answer).toMatchObject({ outcome: 'unknown' });
    expect((answer as { detail: string }).detail).toMatch(/no answer in time/);
    expect(server!.requests).toHaveLength(1);
  });

  it.each([
    ['a page that is not JSON', { status: 200, contentType: 'text/html', body: '<html>维护中</html>' }],
    ['JSON without a code', json({ RequestId: 'R' })],
    ['an HTML gateway error', { status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' }],
    ['OK without a BizId', json({ Code: 'OK', Message: 'OK' })],
  ] as const)('reads %s as delivery unknown', async (_, reply) => {
    const gateway = await gatewayAnswering(() => reply);
    expect((await gateway.send(request(['+8613812345678'])))[0]!.outcome).toBe('unknown');
  });

  it('reads a connection reset after the request as delivery unknown', async () => {
    const gateway = await gatewayAnswering(() => 'reset');
    const [answer] = await gateway.send(request(['+8613812345678']));
    expect(answer!.outcome).toBe('unknown');
    expect(JSON.stringify(answer)).not.toContain('13812345678');
  });

  it('retries later when the connection is refused: nothing reached the provider', async () => {
    const settings = aliyunSmsSettingsSchema.parse({});
    const gateway = createAliyunSmsGateway({ credentials: KEY, settings: { ...settings, endpoint: `127.0.0.1:${await closedPort()}` }, protocol: 'http' });
    const [answer] = await gateway.send(request(['+8613812345678']));
    expect(answer).toEqual({ outcome: 'throttled', detail: 'network: connect ECONNREFUSED: nothing was sent, try again later' });
  });

  it('answers a number no domestic template can reach without calling, and sends a number listed twice once', async () => {
    const gateway = await gatewayAnswering(() => OK('biz-1'));
    const answers = await gateway.send(request(['+85291234567', '+8613812345678', '+8613812345678']));
    expect(answers.map((a) => a.outcome)).toEqual(['invalid_number', 'accepted', 'accepted']);
    expect(query(server!.requests[0]!).PhoneNumbers).toBe('13812345678');
  });

  it('sends no TemplateParam for a template without variables', async () => {
    const gateway = await gatewayAnswering(() => OK('biz-1'));
    await gateway.send(request(['+8613812345678'], { params: [] }));
    expect(query(server!.requests[0]!)).not.toHaveProperty('TemplateParam');
  });

  it('refuses more than 1,000 numbers in one request before calling', async () => {
    const gateway = await gatewayAnswering(() => OK('biz-1'));
    const phones = Array.from({ length: 1001 }, (_, i) => `+86138${String(i).padStart(8, '0')}`);
    await expect(gateway.send(request(phones))).rejects.toThrow(/at most 1000 recipients, got 1001/);
    expect(server!.requests).toHaveLength(0);
  });
});
