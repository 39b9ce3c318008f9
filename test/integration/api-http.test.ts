import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { startLocalApi } from '../../shared/adapters/http/local-server';
import { apiRoutes } from '../../shared/http/routes';
import { createHandler as apiHandler } from '../../functions/api/handler';
import { lambdaContext } from '../../cli/simulation/lambda-context';
import { apiWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';
import { UNEVENTFUL_FINDINGS } from '../helpers/visit-form';
import type { Task } from '../../shared/domain/task/task';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { LEDGER_COLUMNS, registrationToRow } from '../../shared/domain/ledger/columns';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

let world: World;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let mine: Task;
const token: Record<string, string> = {};

const VISITOR = 'vis-510108001001-1';
const OTHER_VISITOR = 'vis-510108001002-1';

async function call(method: string, path: string, as?: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...(as ? { authorization: `Bearer ${token[as] ?? as}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> & { errors?: { field: string; rule: string }[] } };
}

beforeAll(async () => {
  world = await apiWorld();
  api = await startLocalApi(apiRoutes({ ...world.repos, clock: world.clock, runtime: world.runtime, applyAlertsInline: true, idKey: 'test-key' }), async (id) => world.repos.people.get(id), { now: () => world.clock.now() });
  const now = world.clock.now();
  for (const [name, id] of Object.entries({ visitor: VISITOR, other: OTHER_VISITOR, liaison: 'lia-510108001001', instructor: 'ins-510108001', otherInstructor: 'ins-510108002', supervisor: 'sup-county', admin: 'admin-1' })) {
    token[name] = await signDevToken(id, [], { now });
  }
  mine = (await world.repos.tasks.openForVisitor(VISITOR)).find((t) => t.start <= '2026-11-20')!;
});

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

describe('the HTTP API on loopback', () => {
  it('answers /health without a token and refuses everything else without a valid one', async () => {
    expect(await call('GET', '/health')).toMatchObject({ status: 200, json: { status: 'ok', region: 'sichuan' } });
    expect(await call('GET', '/me')).toMatchObject({ status: 401, type: 'application/problem+json', json: { title: 'Unauthorized' } });
    expect((await call('GET', '/me', 'not-a-token')).status).toBe(401);
    const expired = await signDevToken(VISITOR, [], { now: new Date('2026-11-01T00:00:00+08:00') });
    expect((await call('GET', '/me', expired)).status).toBe(401);
    expect(await call('GET', '/me', 'visitor')).toMatchObject({ status: 200, json: { personId: VISITOR, roles: ['visitor'] } });
  });

  it('serves an OpenAPI 3.1 document that validates and lists every route the API answers', async () => {
    expect((await call('GET', '/openapi.json')).status).toBe(401);
    const { json } = await call('GET', '/openapi.json', 'visitor');
    const result = await new Validator().validate(json as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const documented = Object.entries(json.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const served = apiRoutes({ ...world.repos, clock: world.clock, runtime: world.runtime, idKey: 'test-key' }).map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual(served.sort());
  });

  it("a visitor sees their own tasks, not another visitor's; an instructor sees their township's visitors, not another township's", async () => {
    const own = await call('GET', '/tasks?view=today', 'visitor');
    expect(own.status).toBe(200);
    expect((own.json.tasks as { elderId: string }[]).map((t) => t.elderId)).toContain(mine.elderId);
    expect(JSON.stringify(own.json)).not.toMatch(/residentId|\d{17}[\dX]/);
    expect((await call('GET', `/tasks?visitorId=${VISITOR}`, 'other')).status).toBe(403);
    expect((await call('GET', `/tasks?visitorId=${VISITOR}`, 'instructor')).status).toBe(200);
    expect((await call('GET', `/tasks?visitorId=${VISITOR}`, 'otherInstructor')).status).toBe(403);
    expect(await call('GET', '/tasks?view=soon', 'visitor')).toMatchObject({ status: 400, json: { errors: [{ field: 'query.view' }] } });
    expect(await call('GET', '/tasks?colour=red', 'visitor')).toMatchObject({ status: 400, json: { errors: [{ field: 'query', rule: expect.stringMatching(/colour/) }] } });
  });

  it("an elder's record: full for the village liaison, without the ID number for the elder's visitor, refused to another township", async () => {
    expect(await call('GET', `/elders/${mine.elderId}`, 'liaison')).toMatchObject({ status: 400, json: { errors: [{ field: 'query.purpose' }] } });
    const full = await call('GET', `/elders/${mine.elderId}?purpose=${encodeURIComponent('复核低保资格')}`, 'liaison');
    expect(full).toMatchObject({ status: 200, json: { view: 'full' } });
    expect((full.json.elder as Record<string, unknown>).residentId).toMatch(/^\d{17}[\dX]$/);
    const visit = await call('GET', `/elders/${mine.elderId}`, 'visitor');
    expect(visit).toMatchObject({ status: 200, json: { view: 'visit' } });
    expect(visit.json.elder).not.toHaveProperty('residentId');
    expect((await call('GET', `/elders/${mine.elderId}`, 'otherInstructor')).status).toBe(403);
    expect((await call('GET', `/elders/${mine.elderId}`, 'other')).status).toBe(403);
    expect((await call('GET', '/elders/E999999', 'liaison')).status).toBe(404);
    // Each read of sensitive fields is on record: who, in which role, why; refusals are not reads.
    const reads = await call('GET', `/elders/${mine.elderId}/reads`, 'admin');
    expect(reads.status).toBe(200);
    expect((reads.json.reads as { personId: string; action: string; purpose: string }[]).map((r) => [r.personId, r.action, r.purpose]).sort()).toEqual([
      ['lia-510108001001', 'read_full', '复核低保资格'],
      [VISITOR, 'read_visit', 'visit'],
    ]);
    expect((await call('GET', `/elders/${mine.elderId}/reads`, 'liaison')).status).toBe(403);
  });

  it('records a visit only from the assigned visitor, rejects bad bodies by field, oversized ones, and the wrong media type', async () => {
    const form = {
      visitId: 'api-v1',
      elderId: mine.elderId,
      taskId: mine.taskId,
      visitorId: VISITOR,
      visitedAt: '2026-11-20T09:30:00+08:00',
      method: 'home',
      checkIn: '2026-11-20T09:30:00+08:00',
      checkOut: '2026-11-20T10:05:00+08:00',
      ...UNEVENTFUL_FINDINGS,
    };
    expect((await call('POST', '/visits', 'other', { ...form, visitorId: OTHER_VISITOR })).status).toBe(403);
    expect((await call('POST', '/visits', 'other', form)).status).toBe(403);
    expect((await call('POST', '/visits', 'liaison', { ...form, visitorId: 'lia-510108001001' })).status).toBe(403);
    const bad = await call('POST', '/visits', 'visitor', { ...form, mood: 'great', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'mood' }), expect.objectContaining({ rule: expect.stringMatching(/extra/) })]));
    expect((await call('POST', '/visits', 'visitor', { ...form, servicesGiven: ['x'.repeat(300_000)] })).status).toBe(413);
    expect((await call('POST', '/visits', 'visitor', 'visitId=1', { 'content-type': 'text/plain' })).status).toBe(415);
    const ok = await call('POST', '/visits', 'visitor', form);
    expect(ok).toMatchObject({ status: 201, json: { visitId: 'api-v1', counted: true, task: { state: 'completed' }, flags: [] } });
    expect((await world.repos.tasks.get(mine.elderId, mine.taskId))?.state).toBe('completed');
    // Supervisors of the area see the elder's visits with their flags; a visitor does not.
    const visits = await call('GET', `/elders/${mine.elderId}/visits`, 'liaison');
    expect(visits).toMatchObject({ status: 200, json: { visits: [{ visitId: 'api-v1', counted: true, flags: [] }] } });
    expect((await call('GET', `/elders/${mine.elderId}/visits`, 'visitor')).status).toBe(403);
    expect((await call('GET', `/elders/${mine.elderId}/visits`, 'otherInstructor')).status).toBe(403);
  });

  it('supervisor actions: the liaison acknowledges, a visitor may not; a closed task is a conflict', async () => {
    const open = (await world.repos.tasks.openForVisitor(OTHER_VISITOR))[0]!;
    const path = `/tasks/${open.elderId}/${encodeURIComponent(open.taskId)}`;
    expect((await call('POST', `${path}/acknowledge`, 'other', {})).status).toBe(403);
    expect((await call('POST', `${path}/acknowledge`, 'liaison', {})).status).toBe(403);
    expect(await call('POST', `${path}/acknowledge`, 'instructor', { hours: 12 })).toMatchObject({ status: 200, json: { elderId: open.elderId } });
    expect(await call('POST', `${path}/resolve`, 'instructor', { resolution: 'hospitalised' })).toMatchObject({ status: 200, json: { state: 'cancelled' } });
    expect((await call('POST', `${path}/resolve`, 'instructor', { resolution: 'moved' })).status).toBe(409);
    expect(await call('POST', `${path}/reassign`, 'instructor', { toVisitorId: VISITOR })).toMatchObject({ status: 400, json: { errors: [{ field: 'body.reason' }] } });
    const another = (await world.repos.tasks.openForVisitor(OTHER_VISITOR))[0]!;
    const anotherPath = `/tasks/${another.elderId}/${encodeURIComponent(another.taskId)}`;
    expect((await call('POST', `${anotherPath}/reassign`, 'otherInstructor', { toVisitorId: VISITOR, reason: '原探访员休假' })).status).toBe(403);
    expect(await call('POST', `${anotherPath}/reassign`, 'supervisor', { toVisitorId: VISITOR, reason: '原探访员休假' })).toMatchObject({ status: 200, json: { elderId: another.elderId } });
    expect((await world.repos.tasks.get(another.elderId, another.taskId))?.visitorId).toBe(VISITOR);
  });

  it('visit rates for the township instructor only within their township; a flagged visit awaits review', async () => {
    expect(await call('GET', '/visit-rates?area=510108001&period=2026-11', 'instructor')).toMatchObject({ status: 200, json: { area: '510108001', period: '2026-11', total: { target: 1 } } });
    // A five-minute "home visit" completes its task but is flagged, and waits for a supervisor's verdict.
    const next = (await world.repos.tasks.openForVisitor(VISITOR)).find((t) => t.start <= '2026-11-20' && t.homeRequired)!;
    const short = {
      visitId: 'api-short',
      elderId: next.elderId,
      taskId: next.taskId,
      visitorId: VISITOR,
      visitedAt: '2026-11-20T09:00:00+08:00',
      method: 'home',
      checkIn: '2026-11-20T09:00:00+08:00',
      checkOut: '2026-11-20T09:05:00+08:00',
      ...UNEVENTFUL_FINDINGS,
    };
    expect(await call('POST', '/visits', 'visitor', short)).toMatchObject({ status: 201, json: { counted: true, flags: [{ kind: 'too_short' }] } });
    const awaiting = await call('GET', `/reviews/visits?areaCode=${next.townshipCode}`, 'supervisor');
    expect((awaiting.json.visits as { visitId: string }[]).map((v) => v.visitId)).toContain('api-short');
    expect((await call('GET', '/visit-rates?area=510108002&period=2026-11', 'instructor')).status).toBe(403);
    expect((await call('GET', '/visit-rates?area=510108001&period=2026-11', 'visitor')).status).toBe(403);
    expect(await call('GET', '/visit-rates?area=510108001&period=2026-13', 'supervisor')).toMatchObject({ status: 400, json: { errors: [{ field: 'query.period', rule: expect.stringContaining('YYYY-MM') }] } });
  });

  it('weather alerts from an administrator only, applied at once locally', async () => {
    const alert = { identifier: 'api-heat', sender: '气象台', sent: '2026-11-20T09:00:00+08:00', event: 'cold_wave', level: 'orange', areaCodes: ['510108001'], onset: '2026-11-20T10:00:00+08:00', expires: '2026-11-22T10:00:00+08:00' };
    expect((await call('POST', '/alerts', 'instructor', alert)).status).toBe(403);
    expect(await call('POST', '/alerts', 'admin', alert)).toMatchObject({ status: 202, json: { outcome: 'accepted', occasionId: 'alert:api-heat' } });
    expect(await call('POST', '/alerts', 'admin', { ...alert, identifier: 'x', level: 'pink' })).toMatchObject({ status: 400, json: { errors: [{ field: 'level' }] } });
    expect((await world.repos.occasions.stats('alert:api-heat')).tasksCreated).toBeGreaterThan(0);
  });

  it('unknown paths and methods get 404 and 405', async () => {
    expect((await call('GET', '/nothing', 'visitor')).status).toBe(404);
    expect((await call('DELETE', '/health')).status).toBe(405);
  });
  it('runs the same routes behind API Gateway, taking the person from the JWT authorizer claims', async () => {
    const handler = apiHandler(() => ({ ...world.repos, clock: world.clock, runtime: world.runtime, idKey: 'test-key' }));
    const event = (claims?: Record<string, unknown>) => ({
      rawPath: '/me',
      rawQueryString: '',
      headers: {},
      requestContext: { http: { method: 'GET' }, ...(claims ? { authorizer: { jwt: { claims } } } : {}) },
    });
    const me = await handler(event({ sub: 'x', [world.runtime.config.auth.personClaim]: 'ins-510108001' }), lambdaContext('api'));
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ personId: 'ins-510108001', roles: ['instructor'] });
    expect((await handler(event(), lambdaContext('api'))).statusCode).toBe(401);
  });
  it("lists an area's elders a page at a time, masked, for supervisors of that area only", async () => {
    const first = await call('GET', '/elders?area=510108001&limit=5', 'instructor');
    expect(first.status).toBe(200);
    const elders = first.json.elders as { elderId: string; maskedName: string; villageCode: string }[];
    expect(elders).toHaveLength(5);
    expect(elders.every((e) => e.villageCode.startsWith('510108001') && e.maskedName.includes('*'))).toBe(true);
    expect(JSON.stringify(first.json)).not.toMatch(/\d{17}[\dX]/);
    const second = await call('GET', `/elders?area=510108001&limit=5&cursor=${first.json.next as string}`, 'instructor');
    expect((second.json.elders as { elderId: string }[])[0]!.elderId).not.toBe(elders[0]!.elderId);
    expect((await call('GET', '/elders?area=510108002', 'instructor')).status).toBe(403);
    expect((await call('GET', '/elders?area=510108001', 'visitor')).status).toBe(403);
    expect(await call('GET', '/elders?area=510108001&cursor=nonsense', 'instructor')).toMatchObject({ status: 400, json: { errors: [{ field: 'query.cursor' }] } });
    const forged = Buffer.from(JSON.stringify({ countyCode: 1 })).toString('base64url');
    expect(await call('GET', `/elders?area=510108001&cursor=${forged}`, 'instructor')).toMatchObject({ status: 400, json: { errors: [{ field: 'query.cursor' }] } });
    expect((await call('GET', '/elders?area=510100', 'supervisor')).status).toBe(403);
  });

  it("registers, replaces and changes the status of an elder, within the editor's area; refuses duplicates and bad forms by field", async () => {
    const [reg] = syntheticLedger({ runtime: world.runtime, seed: 42, elders: 1, asOf: '2026-11-01' }).registrations;
    const form = { ...elderRegistrationSchema.parse(reg), residence: { ...reg!.residence, areaCode: '510108001001' }, visitorId: VISITOR } as Record<string, unknown>;
    delete form.id;
    expect((await call('POST', '/elders', 'otherInstructor', form)).status).toBe(403);
    expect((await call('POST', '/elders', 'visitor', form)).status).toBe(403);
    const created = await call('POST', '/elders', 'liaison', form);
    expect(created).toMatchObject({ status: 201, json: { version: 1 } });
    const elderId = created.json.elderId as string;
    expect(elderId).toMatch(/^E[0-9a-f]{20}$/);
    expect((await call('POST', '/elders', 'liaison', form)).status).toBe(409);
    expect(await call('POST', '/elders', 'liaison', { ...form, residentId: '510108194611230021', phones: ['12345'] })).toMatchObject({
      status: 400,
      json: { errors: expect.arrayContaining([expect.objectContaining({ field: 'residentId' }), expect.objectContaining({ field: 'phones.0' })]) },
    });
    expect(await call('POST', '/elders/lookup', 'instructor', { residentId: form.residentId })).toMatchObject({ status: 200, json: { elderId } });
    expect((await call('POST', '/elders/lookup', 'otherInstructor', { residentId: form.residentId })).status).toBe(404);
    expect((await call('POST', '/elders/lookup', 'visitor', { residentId: form.residentId })).status).toBe(404);
    expect(await call('PUT', `/elders/${elderId}`, 'instructor', { ...form, diseaseHistory: '高血压' })).toMatchObject({ status: 200, json: { version: 2 } });
    expect(await call('POST', `/elders/${elderId}/status`, 'liaison', { state: 'hospitalised', since: '2026-11-20', note: '市三医院' })).toMatchObject({ status: 200, json: { status: 'hospitalised' } });
    expect((await call('POST', `/elders/${elderId}/status`, 'liaison', { state: 'gone', since: '2026-11-20' })).status).toBe(400);
    expect((await call('PUT', '/elders/E404', 'liaison', form)).status).toBe(404);
  });

  it('people: an instructor adds a visitor to their township, not elsewhere and not a supervisor; lists show no phone numbers', async () => {
    const visitor = { personId: 'vis-new-1', name: '王小明', roles: ['visitor'], areaCode: '510108001001', phone: '13900001234' };
    expect(await call('POST', '/people', 'instructor', visitor)).toMatchObject({ status: 201, json: { personId: 'vis-new-1' } });
    expect((await call('POST', '/people', 'instructor', { ...visitor, personId: 'x2', areaCode: '510108002001' })).status).toBe(403);
    expect((await call('POST', '/people', 'instructor', { ...visitor, personId: 'x3', roles: ['supervisor'] })).status).toBe(403);
    expect(await call('POST', '/people', 'admin', { ...visitor, phone: '123' })).toMatchObject({ status: 400, json: { errors: [{ field: 'phone' }] } });
    expect(await call('GET', '/people/vis-new-1', 'instructor')).toMatchObject({ status: 200, json: { personId: 'vis-new-1', hasPhone: true } });
    expect(await call('GET', `/people/${VISITOR}`, 'visitor')).toMatchObject({ status: 200, json: { personId: VISITOR } });
    expect((await call('GET', '/people/vis-new-1', 'visitor')).status).toBe(403);
    expect((await call('GET', '/people/vis-new-1', 'otherInstructor')).status).toBe(403);
    const list = await call('GET', '/people?area=510108001001', 'instructor');
    expect((list.json.people as { personId: string }[]).map((p) => p.personId)).toContain('vis-new-1');
    expect(JSON.stringify(list.json)).not.toContain('13900001234');
  });

  it('imports a ledger sheet for an administrator, reporting bad rows by row and column', async () => {
    const regs = syntheticLedger({ runtime: world.runtime, seed: 77, elders: 3, asOf: '2026-11-01' }).registrations;
    const rows = regs.map((r) => ['', ...registrationToRow(elderRegistrationSchema.parse(r)).slice(1)]);
    rows[1]![3] = '510108194611230021';
    const csv = [LEDGER_COLUMNS.map((c) => c.header), ...rows].map((r) => r.join(',')).join('\n');
    const body = { csvBase64: Buffer.from(csv).toString('base64') };
    expect((await call('POST', '/ledger/import', 'instructor', body)).status).toBe(403);
    expect(await call('POST', '/ledger/import', 'admin', body)).toMatchObject({ status: 200, json: { created: 2, badRows: 1, bad: [{ row: 3, column: '公民身份号码' }] } });
    expect(await call('POST', '/ledger/import', 'admin', body)).toMatchObject({ status: 200, json: { created: 0, unchanged: 2 } });
    expect(await call('POST', '/ledger/import', 'admin', { csvBase64: Buffer.from('a,b\n1,2').toString('base64') })).toMatchObject({ status: 400, json: { errors: [{ field: 'body.csvBase64' }] } });
  });
  it('every role, every read route: allowed inside its scope, 403 outside (a township elder seen from another township included)', async () => {
    const elder = mine.elderId;
    const routes: [string, string[]][] = [
      [`/elders/${elder}?purpose=check`, ['visitor', 'liaison', 'instructor', 'supervisor', 'admin']],
      [`/elders/${elder}/visits`, ['liaison', 'instructor', 'supervisor', 'admin']],
      [`/elders/${elder}/reads`, ['admin']],
      ['/elders?area=510108001', ['instructor', 'supervisor', 'admin']],
      ['/people?area=510108001', ['instructor', 'supervisor', 'admin']],
      ['/visit-rates?area=510108001&period=2026-11', ['instructor', 'supervisor', 'admin']],
      ['/reports/ledger?area=510108001&period=2026-11', ['instructor', 'supervisor', 'admin']],
      [`/elders/${elder}/archive?purpose=check`, ['liaison', 'instructor', 'supervisor', 'admin']],
      ['/reviews/visits?areaCode=510108001', ['instructor', 'supervisor']],
      [`/tasks?visitorId=${VISITOR}`, ['visitor', 'liaison', 'instructor', 'supervisor', 'admin']],
    ];
    const roles = ['visitor', 'other', 'liaison', 'instructor', 'otherInstructor', 'supervisor', 'admin'];
    for (const [path, allowed] of routes) {
      const got = await Promise.all(roles.map(async (r) => [r, (await call('GET', path, r)).status] as const));
      expect({ path, got }).toEqual({ path, got: roles.map((r) => [r, allowed.includes(r) ? 200 : 403] as const) });
    }
    // Writes from outside the elder's area are refused too.
    const form = (await world.repos.elders.get(elder))!.registration;
    expect((await call('PUT', `/elders/${elder}`, 'otherInstructor', form)).status).toBe(403);
    expect((await call('POST', `/elders/${elder}/status`, 'otherInstructor', { state: 'moved', since: '2026-11-20' })).status).toBe(403);
    expect((await call('POST', `/elders/${elder}/status`, 'visitor', { state: 'moved', since: '2026-11-20' })).status).toBe(403);
  });
});
