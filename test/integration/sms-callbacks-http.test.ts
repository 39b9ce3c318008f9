import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { startLocalApi } from '../../shared/adapters/http/local-server';
import { apiRoutes } from '../../shared/http/routes';
import { handleSmsCallback } from '../../shared/http/sms-callbacks';
import type { OutboxMessage } from '../../shared/domain/sms/message';
import { lambdaContext } from '../../cli/simulation/lambda-context';
import { backDeps, HEAT_TOWNSHIP, redHeatSent } from '../helpers/sms-back';
import { stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

const TOKEN = 'Qm7Tz2Rk9Lw4Xc8Vb3Nh6Jd1Fs5Gp0Ya2Ue7Io9Ka4Sl6Zx';

// The handler's logger and metrics read these when its module loads (the suite keeps them silent elsewhere).
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
const { createHandler: callbackHandler } = await import('../../functions/sms-callbacks/handler');

let world: World;
let family: OutboxMessage[];
let api: Awaited<ReturnType<typeof startLocalApi>>;
const bearer: Record<string, string> = {};

const national = (e164: string) => e164.slice(3);
const deps = () => ({ ...backDeps(world), callbackToken: async () => TOKEN });

/** An Aliyun SmsReport item for a sent family notice (a batch: no OutId of ours, matched by BizId and number). */
const report = (m: OutboxMessage, over: Record<string, unknown> = {}) => ({
  phone_number: national(m.phone!),
  send_time: '2026-10-17 20:01:00',
  report_time: '2026-10-17 20:01:06',
  success: true,
  err_code: 'DELIVERED',
  err_msg: '用户接收成功',
  sms_size: '1',
  biz_id: m.providerMessageId,
  ...over,
});

async function post(path: string, body: unknown, method = 'POST') {
  const res = await fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> };
}

async function get(path: string, as: string) {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${bearer[as]}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { messages?: Record<string, unknown>[] } };
}

beforeAll(async () => {
  ({ world, family } = await redHeatSent());
  const smsCallbacks = async (req: { method: string; path: string; body: string | undefined }) => (await handleSmsCallback(deps(), req)).response;
  api = await startLocalApi(apiRoutes({ ...backDeps(world), idKey: 'test-key' }), (id) => world.repos.people.get(id), { now: () => world.clock.now(), smsCallbacks });
  for (const id of [`ins-${HEAT_TOWNSHIP}`, 'ins-510108002', `vis-${HEAT_TOWNSHIP}001-1`]) bearer[id] = await signDevToken(id, [], { now: world.clock.now() });
});

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

afterEach(() => vi.restoreAllMocks());

describe('SMS callbacks through HTTP on loopback (tanfang serve)', () => {
  const receipts = `/sms/aliyun/${TOKEN}/receipts`;

  it('refuses a wrong, missing or guessed token with 401 before reading the body, and a path that is no callback with 404 or 405', async () => {
    for (const path of [`/sms/aliyun/${TOKEN.slice(0, -1)}/receipts`, `/sms/aliyun/${TOKEN}x/replies`, '/sms/tencent//receipts', `/sms/tencent/${TOKEN.toLowerCase()}/receipts`]) {
      expect(await post(path, 'not json at all')).toMatchObject({ status: 401, type: 'application/problem+json', json: { title: 'Unauthorized' } });
    }
    expect((await post(`/sms/huawei/${TOKEN}/receipts`, [])).status).toBe(404);
    expect((await post(`/sms/aliyun/${TOKEN}/status`, [])).status).toBe(404);
    expect(await post(receipts, undefined, 'GET')).toMatchObject({ status: 405 });
    // The callback routes open nothing else: the API still wants a token.
    expect((await fetch(`${api.url}/me`)).status).toBe(401);
  });

  it('refuses a bad body with 400 naming the field, and an oversized one with 413, storing nothing', async () => {
    const m = family[0]!;
    expect(await post(receipts, [report(m, { report_time: 'yesterday' })])).toMatchObject({
      status: 400,
      type: 'application/problem+json',
      json: { errors: [{ field: 'body.0.report_time', rule: 'must be a Beijing time "YYYY-MM-DD HH:MM:SS"' }] },
    });
    expect(await post(receipts, '[{"phone_number":')).toMatchObject({ status: 400, json: { errors: [{ field: 'body', rule: 'must be a JSON body' }] } });
    expect(await post(receipts, [report(m), report(m, { phone_number: '12345' })])).toMatchObject({ status: 400, json: { errors: [{ field: 'body.1.phone_number', rule: expect.stringContaining('is not a valid Chinese phone number') }] } });
    expect((await post(receipts, `[${'"x",'.repeat(200_000)}"x"]`)).status).toBe(413);
    expect((await world.repos.outbox.get(m.messageId))?.delivery).toBeUndefined();
  });

  it('answers an accepted push with Aliyun’s acknowledgement, and a repeated push (Aliyun re-pushes until 200) changes nothing', async () => {
    const [a, b] = family;
    const body = [report(a!), report(b!, { success: false, err_code: 'MK:0001', err_msg: '用户关机' })];
    expect(await post(receipts, body)).toMatchObject({ status: 200, type: 'application/json', json: { code: 0, msg: '接收成功' } });
    const after = await Promise.all([a, b].map((m) => world.repos.outbox.get(m!.messageId)));
    expect(after.map((m) => m?.delivery?.state)).toEqual(['delivered', 'failed']);
    // b was an urgent SMS to a family: its instructor was told.
    expect(after[1]?.undelivered?.notice).toMatch(/^undelivered#/);
    expect(await post(receipts, body)).toMatchObject({ status: 200, json: { code: 0, msg: '接收成功' } });
    expect(await Promise.all([a, b].map((m) => world.repos.outbox.get(m!.messageId)))).toEqual(after);
  });
});

describe('SMS callbacks through the Lambda handler (API Gateway payload 2.0)', () => {
  const handler = callbackHandler(deps);
  const event = (path: string, body: string, base64 = false) => ({
    version: '2.0',
    rawPath: path,
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    requestContext: { http: { method: 'POST', path }, requestId: 'r-1' },
  });
  const captured = () => {
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    return lines;
  };

  it("takes a Tencent reply (base64), records the family's confirmation and answers Tencent's acknowledgement; logs counts, never the token or the number", async () => {
    const notice = family[2]!;
    world.clock.set('2026-10-17T20:45:00+08:00');
    const lines = captured();
    const body = JSON.stringify({ extend: '', mobile: national(notice.phone!), nationcode: '86', sign: '成华民政', text: '1', time: Math.floor(Date.parse('2026-10-17T20:40:00+08:00') / 1000) });
    const res = await handler(event(`/sms/tencent/${TOKEN}/replies`, body, true), lambdaContext('sms-callbacks'));
    expect(res).toMatchObject({ statusCode: 200, body: JSON.stringify({ result: 0, errmsg: 'OK' }) });
    const [elderId, ...rest] = notice.taskRefs![0]!.split('#');
    expect((await world.repos.tasks.get(elderId!, rest.join('#')))?.familyConfirmedAt).toBe('2026-10-17T20:40:00+08:00');
    const out = lines.join('\n');
    expect(out).toContain('SMS callback applied');
    expect(out).toContain('SmsRepliesApplied');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(national(notice.phone!));
  });

  it('refuses a bad Aliyun push with 400 naming the field, and applies a good one once however often it comes', async () => {
    captured();
    const m = family[4]!;
    const bad = await handler(event(`/sms/aliyun/${TOKEN}/receipts`, JSON.stringify([report(m, { success: 'maybe' })])), lambdaContext('sms-callbacks'));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ errors: [{ field: 'body.0.success', rule: 'must be true or false' }] });
    expect((await world.repos.outbox.get(m.messageId))?.delivery).toBeUndefined();
    const good = event(`/sms/aliyun/${TOKEN}/receipts`, JSON.stringify([report(m, { report_time: '2026-10-17 20:01:30' })]));
    expect(await handler(good, lambdaContext('sms-callbacks'))).toMatchObject({ statusCode: 200, body: JSON.stringify({ code: 0, msg: '接收成功' }) });
    const once = await world.repos.outbox.get(m.messageId);
    expect(once?.delivery).toMatchObject({ state: 'delivered', at: '2026-10-17T20:01:30+08:00' });
    expect(await handler(good, lambdaContext('sms-callbacks'))).toMatchObject({ statusCode: 200 });
    expect(await world.repos.outbox.get(m.messageId)).toEqual(once);
  });

  it('refuses a wrong token with 401 and counts it, logging neither path nor token', async () => {
    const lines = captured();
    const wrong = 'A'.repeat(48);
    const res = await handler(event(`/sms/aliyun/${wrong}/receipts`, '[]'), lambdaContext('sms-callbacks'));
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('application/problem+json');
    const out = lines.join('\n');
    expect(out).toContain('SmsCallbacksRefused');
    expect(out).not.toContain(wrong);
    expect(out).not.toContain(TOKEN);
  });
});

describe('What a recipient got and its delivery (GET /elders/{id}/sms, /people/{id}/sms)', () => {
  it("shows an elder's family SMS with their delivery to the township's instructor, masked, and to nobody outside the area", async () => {
    const notice = family[3]!;
    const elderId = notice.taskRefs![0]!.split('#')[0]!;
    await post(`/sms/aliyun/${TOKEN}/receipts`, [report(notice, { report_time: '2026-10-17 20:01:09' })]);
    const mine = await get(`/elders/${elderId}/sms`, `ins-${HEAT_TOWNSHIP}`);
    expect(mine.status).toBe(200);
    const row = mine.json.messages!.find((m) => m.messageId === notice.messageId);
    expect(row).toMatchObject({
      template: 'weather_family_heat_reply',
      urgent: true,
      state: 'sent',
      delivery: 'delivered',
      reportedAt: '2026-10-17T20:01:09+08:00',
      carrierCode: 'DELIVERED',
      phone: expect.stringMatching(/^\+86 1\d\d\*\*\*\*\d{4}$/),
    });
    expect(JSON.stringify(mine.json)).not.toContain(notice.phone!.slice(3));
    expect((await get(`/elders/${elderId}/sms`, 'ins-510108002')).status).toBe(403);
    expect((await get(`/elders/${elderId}/sms`, `vis-${HEAT_TOWNSHIP}001-1`)).status).toBe(403);
    expect((await get('/elders/E999999/sms', `ins-${HEAT_TOWNSHIP}`)).status).toBe(404);
    expect(await get(`/elders/${elderId}/sms?cursor=${encodeURIComponent('{"messageId":"x"}')}`, `ins-${HEAT_TOWNSHIP}`)).toMatchObject({
      status: 400,
      json: { errors: [{ field: 'cursor', rule: 'must be the next value of the page before', code: 'bad_cursor', message: '翻页参数无效：请使用上一页返回的 next 值' }] },
    });
  });

  it("shows the instructor's own SMS: the notice that a family was not reached, with the tasks whose families to call", async () => {
    const res = await get(`/people/ins-${HEAT_TOWNSHIP}/sms?limit=5`, `ins-${HEAT_TOWNSHIP}`);
    expect(res.status).toBe(200);
    const told = res.json.messages!.find((m) => String(m.messageId).startsWith('undelivered#'));
    expect(told).toMatchObject({ template: 'urgent_undelivered', urgent: true, about: [family[1]!.taskRefs![0]] });
  });
});
