import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { deviceAlarmRoute } from '../../shared/adapters/http/device-alarm-local';
import { signedHeaders } from '../../shared/adapters/http/device-signature';
import { startLocalApi } from '../../shared/adapters/http/local-server';
import { apiRoutes } from '../../shared/http/routes';
import { Random } from '../../cli/simulation/random';
import { visitForm } from '../../cli/simulation/visit-form';
import type { Task } from '../../shared/domain/task/task';
import { deviceWorld } from '../helpers/device-world';
import type { DeviceWorld } from '../helpers/device-world';
import { stopDynamo } from '../helpers/world';

const keys = new Map([
  ['county-care', randomBytes(32)],
  ['township-care', randomBytes(32)],
]);

let dw: DeviceWorld;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let task: Task;
const tokens = new Map<string, string>();

async function call(method: string, path: string, as?: string, body?: unknown) {
  tokens.set(as ?? '', as ? (tokens.get(as) ?? (await signDevToken(as, [], { now: dw.world.clock.now() }))) : '');
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...(as ? { authorization: `Bearer ${tokens.get(as)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { errors?: { field: string; rule: string }[] } };
}

/** Posts an alarm as a platform would: the exact body, signed now (or with the headers given). */
async function alarm(body: string, platform = 'county-care', headers?: Record<string, string>, type = 'application/json') {
  const h = headers ?? signedHeaders(keys.get(platform)!, platform, body, dw.world.clock.now());
  const res = await fetch(`${api.url}/devices/alarms`, { method: 'POST', headers: { ...h, 'content-type': type }, body });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> & { errors?: { field: string; rule: string }[] }, headers: h };
}

const gas = (at = '2026-11-20T09:58:00+08:00') => JSON.stringify({ deviceId: 'gas-001', elderId: dw.elder.elderId, kind: 'gas', at });

beforeAll(async () => {
  dw = await deviceWorld();
  const { world } = dw;
  task = (await world.repos.tasks.forElder(dw.elder.elderId)).find((t) => t.visitorId !== undefined && t.state === 'assigned')!;
  const deps = { ...world.repos, clock: world.clock, runtime: world.runtime, idKey: 'test-key' };
  api = await startLocalApi(apiRoutes(deps), async (id) => world.repos.people.get(id), {
    now: () => world.clock.now(),
    before: deviceAlarmRoute({ ...world.repos, clock: world.clock, runtime: world.runtime, keys: async (id) => keys.get(id) }),
  });
}, 60_000);

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

describe('Needs, measures and follow-ups over HTTP', () => {
  let needKey: string;
  let followUp: string;

  it('lists the needs a visit found for the elder’s visitor and liaison, and refuses a liaison of another village', async () => {
    const form = {
      ...visitForm(task, task.visitorId!, dw.world.clock.now(), 'home', new Random(3)),
      needs: [{ needId: 'n1', description: '助浴' }],
      measures: [{ needId: 'n1', description: '转介居家养老服务中心上门助浴', status: 'referred' }],
    };
    const posted = await call('POST', '/visits', task.visitorId, form);
    expect(posted.status).toBe(201);
    followUp = String(posted.json.followUp);
    needKey = `${form.visitId}.n1`;
    const mine = await call('GET', `/elders/${dw.elder.elderId}/needs`, task.visitorId);
    expect(mine).toMatchObject({ status: 200, json: { needs: [{ needKey, open: true, measures: [{ measureId: 'm1', state: 'referred' }] }] } });
    expect((await call('GET', `/elders/${dw.elder.elderId}/needs?state=all`, `lia-${dw.elder.villageCode}`)).status).toBe(200);
    const other = await call('GET', `/elders/${dw.elder.elderId}/needs`, `lia-${dw.outsider.villageCode}`);
    expect(other.status).toBe(403);
    expect((await call('GET', `/needs?area=${dw.elder.villageCode}`, `lia-${dw.elder.villageCode}`)).json.needs).toEqual([expect.objectContaining({ needKey })]);
    expect((await call('GET', `/needs?area=${dw.elder.villageCode}`, `lia-${dw.outsider.villageCode}`)).status).toBe(403);
  });

  it('answers a bad measure move with the rule (409), a bad body with the field (400), a forged cursor with 400', async () => {
    const path = `/elders/${dw.elder.elderId}/needs/${needKey}/measures/m1`;
    const back = await call('POST', path, task.visitorId, { to: 'planned' });
    expect(back).toMatchObject({ status: 409, json: { detail: expect.stringContaining('never goes back to planned'), code: 'measure_transition', message: expect.stringMatching(/不能改为“.+”$/) } });
    const bad = await call('POST', path, task.visitorId, { to: 'finished', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.errors!.map((e) => e.field).sort()).toEqual(['body', 'body.to']);
    expect((await call('POST', `/elders/${dw.elder.elderId}/needs/not-a-key/measures/m1`, task.visitorId, { to: 'done' })).json.errors).toEqual([
      { field: 'path.needKey', rule: 'must be <visitId>.<needId>', code: 'bad_need_key', message: '需求编号格式应为“探访编号.需求编号”' },
    ]);
    expect((await call('GET', `/needs?area=${dw.elder.villageCode}&cursor=eyJ4IjoxfQ`, `lia-${dw.elder.villageCode}`)).status).toBe(400);
  });

  it('refuses the follow-up’s outcome to the visitor and records it for its owner, the instructor (the access fix)', async () => {
    const [elderId, ...rest] = followUp.split('#');
    const path = `/tasks/${elderId}/${encodeURIComponent(rest.join('#'))}/follow-up`;
    const outcome = { method: 'phone', outcome: 'resolved', note: '已上门助浴' };
    expect((await call('POST', path, task.visitorId, outcome)).status).toBe(403);
    expect((await call('POST', path, `lia-${dw.elder.villageCode}`, outcome)).status).toBe(403);
    const visitOnIt = await call('POST', '/visits', task.visitorId, { ...visitForm(task, task.visitorId!, dw.world.clock.now(), 'home', new Random(4)), taskId: rest.join('#') });
    expect(visitOnIt).toMatchObject({ status: 403, json: { detail: expect.stringContaining('/follow-up') } });
    const ok = await call('POST', path, `ins-${dw.elder.townshipCode}`, outcome);
    expect(ok).toMatchObject({ status: 200, json: { recorded: true, followedUp: [`${needKey}/m1`], task: { state: 'completed' } } });
    expect((await call('POST', path, `ins-${dw.elder.townshipCode}`, outcome)).json).toMatchObject({ recorded: false });
    expect((await call('POST', path, `ins-${dw.elder.townshipCode}`, { ...outcome, outcome: 'unresolved' })).status).toBe(409);
    expect((await call('POST', path, `ins-${dw.elder.townshipCode}`, { method: 'phone', outcome: 'resolved' })).json.errors).toEqual([{ field: 'body.note', rule: expect.any(String), code: 'zod.invalid_type', message: '必填' }]);
    const needs = await call('GET', `/elders/${dw.elder.elderId}/needs`, task.visitorId);
    expect(needs.json.needs).toEqual([]);
  });
});

describe('The device registry over HTTP', () => {
  it('registers a device for the elder’s liaison (201), refuses a visitor and another village’s liaison (403), names a bad field (400)', async () => {
    const path = `/elders/${dw.elder.elderId}/devices`;
    const body = { deviceId: 'smoke-7', platformId: 'county-care', kinds: ['smoke'] };
    expect(await call('POST', path, `lia-${dw.elder.villageCode}`, body)).toMatchObject({ status: 201, json: { created: true, device: { deviceId: 'smoke-7', state: 'active' } } });
    expect((await call('POST', path, task.visitorId, { ...body, deviceId: 'smoke-8' })).status).toBe(403);
    expect((await call('POST', path, `lia-${dw.outsider.villageCode}`, { ...body, deviceId: 'smoke-8' })).status).toBe(403);
    const bad = await call('POST', path, `lia-${dw.elder.villageCode}`, { deviceId: 'smoke 8', platformId: 'nowhere', kinds: ['flood'] });
    expect(bad.status).toBe(400);
    expect(bad.json.errors!.map((e) => e.field).sort()).toEqual(['deviceId', 'kinds.0']);
    expect((await call('GET', path, task.visitorId)).json.devices).toEqual(expect.arrayContaining([expect.objectContaining({ deviceId: 'smoke-7' })]));
    expect(await call('POST', '/devices/smoke-7/retire', `lia-${dw.elder.villageCode}`, { reason: '误装' })).toMatchObject({ status: 200, json: { retired: true, device: { state: 'retired' } } });
    expect((await call('POST', '/devices/smoke-7/retire', task.visitorId, { reason: '误装' })).status).toBe(403);
  });
});

describe('POST /devices/alarms (signed by the device platform)', () => {
  it('raises an alarm once (201) and merges the repeat (200), counting it', async () => {
    const first = await alarm(gas('2026-11-20T09:50:00+08:00'));
    expect(first).toMatchObject({ status: 201, json: { outcome: 'raised', alarms: 1 } });
    const repeat = await alarm(gas('2026-11-20T09:55:00+08:00'));
    expect(repeat).toMatchObject({ status: 200, json: { outcome: 'merged', alarms: 2, incidentId: first.json.incidentId } });
  });

  it('refuses a bad signature, a missing one, an old timestamp and a replayed request with 401, storing nothing', async () => {
    const body = gas('2026-11-20T09:57:00+08:00');
    const signed = signedHeaders(keys.get('county-care')!, 'county-care', body, dw.world.clock.now());
    const forged = { ...signed, 'x-tanfang-signature': `v1=${'0'.repeat(64)}` };
    expect(await alarm(body, 'county-care', forged)).toMatchObject({ status: 401, type: 'application/problem+json', json: { detail: expect.stringContaining('does not match') } });
    expect((await alarm(body, 'county-care', {})).status).toBe(401);
    // Signed with the other platform's key under this one's name.
    expect((await alarm(body, 'county-care', signedHeaders(keys.get('township-care')!, 'county-care', body, dw.world.clock.now()))).status).toBe(401);
    const stale = signedHeaders(keys.get('county-care')!, 'county-care', body, new Date(dw.world.clock.now().getTime() - 10 * 60_000));
    expect(await alarm(body, 'county-care', stale)).toMatchObject({
      status: 401,
      json: { detail: expect.stringContaining('from our clock'), code: 'signature_late', message: expect.stringMatching(/^未登录或登录已失效，或不在人员名册中：请求时间与服务器相差600秒/) },
    });
    const taken = await alarm(body, 'county-care', signed);
    expect(taken.status).toBe(200);
    expect(await alarm(body, 'county-care', signed)).toMatchObject({ status: 401, json: { detail: expect.stringContaining('replay'), code: 'replayed' } });
  });

  it('answers a bad body with 400 naming the field, a stale or future time with 400 on body.at', async () => {
    const bad = await alarm(JSON.stringify({ deviceId: 'gas-001', elderId: dw.elder.elderId, kind: 'flood', at: 'yesterday', extra: true }));
    expect(bad.status).toBe(400);
    expect(bad.json.errors!.map((e) => e.field).sort()).toEqual(['body', 'body.at', 'body.kind']);
    expect((await alarm('{"deviceId":')).status).toBe(400);
    expect((await alarm(gas('2026-11-20T08:00:00+08:00'))).json.errors).toEqual([
      { field: 'body.at', rule: expect.stringContaining('stale'), code: 'alarm_stale', message: '报警时间早于现在（2026-11-20T10:00:00+08:00）超过60分钟，过时的报警不予处理；设备平台应在报警发生时即时推送' },
    ]);
    expect((await alarm(gas('2026-11-20T11:00:00+08:00'))).json.errors).toEqual([
      { field: 'body.at', rule: expect.stringContaining('in the future'), code: 'from_future', message: expect.stringMatching(/^报警时间2026-11-20T11:00:00\+08:00晚于现在/) },
    ]);
  });

  it('refuses an unknown device and another elder’s with 422 naming the field', async () => {
    const unknown = await alarm(JSON.stringify({ deviceId: 'gas-404', elderId: dw.elder.elderId, kind: 'gas', at: '2026-11-20T09:58:00+08:00' }));
    expect(unknown).toMatchObject({
      status: 422,
      json: { code: 'device_unknown', errors: [{ field: 'body.deviceId', rule: expect.stringContaining('not a registered device'), code: 'device_unknown', message: '设备gas-404未登记：须先由老人所在村（居）联络员登记' }] },
    });
    const mismatch = await alarm(JSON.stringify({ deviceId: 'gas-001', elderId: dw.outsider.elderId, kind: 'gas', at: '2026-11-20T09:58:00+08:00' }));
    expect(mismatch).toMatchObject({ status: 422, json: { errors: [{ field: 'body.elderId', code: 'device_of_other_elder', message: '设备gas-001登记在另一位老人名下' }] } });
  });

  it('refuses with 403 a platform speaking for a device it does not report, or for an elder outside its area', async () => {
    expect((await alarm(gas(), 'township-care')).status).toBe(403);
    // The elder's device is on the township platform; the platform's area is then narrowed to another township.
    await fetch(`${api.url}/elders/${dw.elder.elderId}/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await signDevToken('admin-1', [], { now: dw.world.clock.now() })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'sos-t1', platformId: 'township-care', kinds: ['sos'] }),
    });
    const platforms = dw.world.runtime.config.devices.platforms;
    platforms[1] = { ...platforms[1]!, areaCode: '510108002' };
    try {
      const outside = await alarm(JSON.stringify({ deviceId: 'sos-t1', elderId: dw.elder.elderId, kind: 'sos', at: '2026-11-20T09:58:00+08:00' }), 'township-care');
      expect(outside).toMatchObject({
        status: 403,
        json: { detail: expect.stringContaining('does not include the elder'), code: 'platform_outside_area', message: `没有权限：设备平台township-care的服务区域510108002不包含老人所在村（社区）${dw.elder.villageCode}` },
      });
    } finally {
      platforms[1] = { ...platforms[1]!, areaCode: '510108001' };
    }
  });

  it('refuses a body too large to be an alarm (413), another media type (415) and another method (405)', async () => {
    const big = JSON.stringify({ deviceId: 'gas-001', pad: 'x'.repeat(20_000) });
    expect((await alarm(big)).status).toBe(413);
    expect((await alarm(gas(), 'county-care', undefined, 'text/plain')).status).toBe(415);
    expect((await fetch(`${api.url}/devices/alarms`)).status).toBe(405);
  });
});
