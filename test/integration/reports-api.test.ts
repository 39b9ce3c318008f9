import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { startLocalApi } from '../../shared/adapters/http/local-server';
import { registerElder } from '../../shared/app/register-elder';
import { apiRoutes } from '../../shared/http/routes';
import type { Task } from '../../shared/domain/task/task';
import type { RateRow, Shortfall } from '../../shared/domain/reports/visit-rate';
import { loadLedger, newWorld, savePeople, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';
import { runDays } from '../helpers/month';

let world: World;
let api: Awaited<ReturnType<typeof startLocalApi>>;
const token: Record<string, string> = {};
let tasks: Task[] = [];

/** The answers these tests read, loosely: each test reads the fields of the route it calls. */
type Body = Record<string, unknown> & {
  total: RateRow;
  rows: RateRow[];
  shortfalls: Shortfall[];
  visits: { elderId: string; visitId: string; villageCode: string; maskedName: string; villageName: string; flags: { kind: string }[] }[];
  next: string;
  candidates: number;
  results: { visitId: string }[];
  archive: { visits: unknown[]; registration: { residentId: string } };
  html: string;
  task: unknown;
};

async function call(method: string, path: string, as: string, body?: unknown) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token[as]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Body };
}

/** The November rate counted another way: from every task of every elder, by state, not by the index or the outcome. */
function countedByState(all: Task[], prefix: string) {
  const nov = all.filter((t) => t.kind === 'routine' && t.villageCode.startsWith(prefix) && t.end >= '2026-11-01' && t.end <= '2026-11-30' && !(t.state === 'cancelled' && t.outcome === undefined));
  return { owed: nov.length, visited: nov.filter((t) => t.state === 'completed' && !t.late && !(t.fakeVisits ?? []).length).length };
}

async function reload(ids: string[]) {
  tasks = (await Promise.all(ids.map((id) => world.repos.tasks.forElder(id)))).flat();
}

beforeAll(async () => {
  world = await newWorld('sichuan', '2026-10-31T20:00:00+08:00');
  const ledger = await loadLedger(world, { elders: 40, asOf: '2026-11-01' });
  await savePeople(world, [{ personId: 'admin-1', name: '管理员', roles: ['admin'], areaCode: '510108', active: true }]);
  await runDays(world, '2026-11-01', '2026-12-02', { share: 0.8, lateShare: 0.1, shortShare: 0.15 });
  world.clock.set('2026-12-02T09:00:00+08:00');
  api = await startLocalApi(apiRoutes({ ...world.repos, clock: world.clock, runtime: world.runtime, applyAlertsInline: true, idKey: 'test-key' }), async (id) => world.repos.people.get(id), { now: () => world.clock.now() });
  for (const [name, id] of Object.entries({ visitor: 'vis-510108001001-1', liaison: 'lia-510108001001', instructor: 'ins-510108001', other: 'ins-510108002', supervisor: 'sup-county', admin: 'admin-1' }))
    token[name] = await signDevToken(id, [], { now: world.clock.now() });
  await reload(ledger.registrations.map((r) => r.id!));
}, 120_000);

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

describe('Visit rates through the API', () => {
  it('gives the same November rate for the county, each township and a village as counting every task by its state', async () => {
    for (const area of ['510108', '510108001', '510108002', '510108001001']) {
      const { status, json } = await call('GET', `/visit-rates?area=${area}&period=2026-11`, 'supervisor');
      expect(status).toBe(200);
      const expected = countedByState(tasks, area);
      expect(expected.owed).toBeGreaterThan(0);
      expect(json.total).toMatchObject({ area, period: '2026-11', ...expected, target: 1, shortfall: expected.owed - expected.visited });
      expect(json.shortfalls).toHaveLength(expected.owed - expected.visited);
    }
  });

  it('splits by township and tier, and the rows add up to the total', async () => {
    const { json } = await call('GET', '/visit-rates?area=510108&period=2026-11&by=township,tier', 'supervisor');
    expect(json.rows.length).toBeGreaterThan(2);
    expect(json.rows.every((r) => r.tier && r.area.length === 9)).toBe(true);
    expect(json.rows.reduce((a, r) => a + r.owed, 0)).toBe(json.total.owed);
  });

  it('answers a visitor’s rate from the windows they were responsible for', async () => {
    const { status, json } = await call('GET', '/visit-rates?visitor=vis-510108001001-1&period=2026-11', 'instructor');
    expect(status).toBe(200);
    const mine = tasks.filter((t) => t.kind === 'routine' && t.end.startsWith('2026-11') && t.outcome?.visitorId === 'vis-510108001001-1');
    expect(json.total.owed).toBe(mine.length);
    expect(json.total.visited).toBe(mine.filter((t) => t.outcome?.result === 'visited').length);
  });

  it('refuses an area the caller may not see (403), answers 404 for an unknown one, never zeros; and 400 for a week in a monthly region', async () => {
    expect((await call('GET', '/visit-rates?area=510108002&period=2026-11', 'instructor')).status).toBe(403);
    expect((await call('GET', '/visit-rates?area=510108&period=2026-11', 'instructor')).status).toBe(403);
    expect((await call('GET', '/visit-rates?area=510108001&period=2026-11', 'visitor')).status).toBe(403);
    expect((await call('GET', '/visit-rates?area=510109&period=2026-11', 'admin')).status).toBe(403);
    expect((await call('GET', '/visit-rates?area=510108009&period=2026-11', 'supervisor')).status).toBe(404);
    expect((await call('GET', '/visit-rates?area=510108001099&period=2026-11', 'instructor')).status).toBe(404);
    expect((await call('GET', '/visit-rates?visitor=nobody&period=2026-11', 'instructor')).status).toBe(404);
    expect((await call('GET', '/visit-rates?visitor=vis-510108002001-1&period=2026-11', 'instructor')).status).toBe(403);
    const week = await call('GET', '/visit-rates?area=510108&period=2026-W48', 'supervisor');
    expect(week).toMatchObject({ status: 400, json: { errors: [{ field: 'period', rule: expect.stringContaining('月探访率') }] } });
    for (const q of ['area=510108&period=2026-13', 'area=510108&period=2026-11&by=street', 'period=2026-11', 'area=510108&visitor=x&period=2026-11', 'area=51O108&period=2026-11', 'area=510108&period=2026-11&extra=1']) {
      expect((await call('GET', `/visit-rates?${q}`, 'supervisor')).status, q).toBe(400);
    }
  });

  it('keeps last month’s rate when the ledger changes afterwards (an elder registered as deceased since 10 November)', async () => {
    const before = (await call('GET', '/visit-rates?area=510108&period=2026-11', 'supervisor')).json.total;
    const elder = await world.repos.elders.get(tasks[0]!.elderId);
    await registerElder({ ...world.repos, clock: world.clock, runtime: world.runtime }, { ...elder!.registration, status: { state: 'deceased', since: '2026-11-10' } });
    const after = (await call('GET', '/visit-rates?area=510108&period=2026-11', 'supervisor')).json.total;
    expect(after).toEqual(before);
  });
});

describe('Flagged-visit review', () => {
  it('lists flagged visits awaiting review in the area, and a visit judged fake stops counting for its closed window', async () => {
    const list = await call('GET', '/reviews/visits?areaCode=510108001', 'instructor');
    expect(list.status).toBe(200);
    const visits = list.json.visits;
    expect(visits.length).toBeGreaterThan(0);
    expect(visits.every((v) => v.flags.length > 0 && v.maskedName.includes('*') && v.villageName !== '')).toBe(true);
    const target = visits.find((v) => tasks.some((t) => t.visitId === v.visitId && !t.late && t.end <= '2026-11-30'))!;
    const before = (await call('GET', '/visit-rates?area=510108001&period=2026-11', 'instructor')).json.total;

    expect((await call('POST', `/elders/${target.elderId}/visits/${target.visitId}/review`, 'visitor', { verdict: 'fake' })).status).toBe(403);
    expect((await call('POST', `/elders/${target.elderId}/visits/${target.visitId}/review`, 'liaison', { verdict: 'fake' })).status).toBe(403);
    expect((await call('POST', `/elders/${target.elderId}/visits/${target.visitId}/review`, 'other', { verdict: 'fake' })).status).toBe(403);
    expect((await call('POST', `/elders/${target.elderId}/visits/${target.visitId}/review`, 'instructor', { verdict: 'maybe' })).status).toBe(400);
    expect((await call('POST', `/elders/${target.elderId}/visits/${target.visitId}/review`, 'instructor', { verdict: 'fake', note: '长'.repeat(201) })).status).toBe(400);
    expect((await call('POST', `/elders/${target.elderId}/visits/${target.visitId}/review`, 'instructor', { verdict: 'fake', by: 'sup-county' })).status).toBe(400);
    expect((await call('POST', `/elders/${target.elderId}/visits/nope/review`, 'instructor', { verdict: 'fake' })).status).toBe(404);

    const judged = await call('POST', `/elders/${target.elderId}/visits/${target.visitId}/review`, 'instructor', { verdict: 'fake', note: '电话核实未上门' });
    expect(judged).toMatchObject({ status: 200, json: { verdict: 'fake', by: 'ins-510108001', recorded: true, task: { state: 'completed', reopened: false, outcome: 'fake' } } });
    const after = (await call('GET', '/visit-rates?area=510108001&period=2026-11', 'instructor')).json;
    expect(after.total).toMatchObject({ owed: before.owed, visited: before.visited - 1, fake: before.fake + 1 });
    expect(after.shortfalls.some((s) => s.elderId === target.elderId && s.result === 'fake')).toBe(true);

    // Replayed: nothing changes; the opposite verdict is a conflict; the list no longer shows it.
    expect((await call('POST', `/elders/${target.elderId}/visits/${target.visitId}/review`, 'instructor', { verdict: 'fake' })).json).toMatchObject({ recorded: false });
    expect((await call('GET', '/visit-rates?area=510108001&period=2026-11', 'instructor')).json.total.visited).toBe(before.visited - 1);
    expect((await call('POST', `/elders/${target.elderId}/visits/${target.visitId}/review`, 'supervisor', { verdict: 'genuine' })).status).toBe(409);
    const again = await call('GET', '/reviews/visits?areaCode=510108001&limit=200', 'instructor');
    expect(again.json.visits.some((v) => v.visitId === target.visitId)).toBe(false);
  });

  it('reopens the task of a visit judged fake while its window is still open, back on the visitor’s list', async () => {
    const open = tasks.find((t) => t.state === 'completed' && t.kind === 'routine' && t.end >= '2026-12-02' && t.visitId)!;
    expect(open).toBeDefined();
    const r = await call('POST', `/elders/${open.elderId}/visits/${open.visitId}/review`, 'supervisor', { verdict: 'fake' });
    expect(r.json.task).toMatchObject({ state: 'assigned', reopened: true });
    expect((await world.repos.tasks.openForVisitor(open.visitorId!)).some((t) => t.taskId === open.taskId && t.elderId === open.elderId)).toBe(true);
  });

  it('pages the review list with the cursor it gave and refuses one it did not', async () => {
    const first = await call('GET', '/reviews/visits?areaCode=510108&limit=1', 'supervisor');
    expect(first.json.visits).toHaveLength(1);
    expect(first.json.next).toBeDefined();
    const second = await call('GET', `/reviews/visits?areaCode=510108&limit=1&cursor=${encodeURIComponent(first.json.next)}`, 'supervisor');
    expect(second.json.visits[0]?.visitId).not.toBe(first.json.visits[0]?.visitId);
    for (const bad of ['x', '0.bm90LWpzb24', '0.' + Buffer.from('{"a":1}').toString('base64url'), '9.']) expect((await call('GET', `/reviews/visits?areaCode=510108&cursor=${bad}`, 'supervisor')).status, bad).toBe(400);
    expect((await call('GET', '/reviews/visits?areaCode=510108002', 'instructor')).status).toBe(403);
  });
});

describe('Spot checks (抽查) through the API', () => {
  it('draws once per township and month, only from the township, and records each call with who and when', async () => {
    expect((await call('POST', '/spot-checks', 'instructor', { township: '510108001', month: '2026-12', seed: 'x' })).status).toBe(400);
    expect((await call('POST', '/spot-checks', 'other', { township: '510108001', month: '2026-11' })).status).toBe(403);
    const drawn = await call('POST', '/spot-checks', 'instructor', { township: '510108001', month: '2026-11', seed: 'fixed' });
    expect(drawn).toMatchObject({ status: 201, json: { created: true, seed: 'fixed', drawnBy: 'ins-510108001' } });
    const visits = drawn.json.visits;
    expect(visits.length).toBeGreaterThanOrEqual(Math.min(5, drawn.json.candidates));
    expect(visits.every((v) => v.villageCode.startsWith('510108001'))).toBe(true);
    const again = await call('POST', '/spot-checks', 'instructor', { township: '510108001', month: '2026-11', seed: 'another' });
    expect(again.json).toMatchObject({ created: false, seed: 'fixed' });
    expect(again.json.visits).toEqual(drawn.json.visits);

    const [first, second] = visits;
    const path = '/spot-checks/510108001/2026-11/results';
    expect((await call('POST', path, 'instructor', { elderId: 'E999999', visitId: 'v', result: 'confirmed', reached: 'elder' })).status).toBe(404);
    expect((await call('POST', path, 'instructor', { elderId: first!.elderId, visitId: first!.visitId, result: 'confirmed' })).status).toBe(400);
    expect((await call('POST', path, 'instructor', { elderId: first!.elderId, visitId: first!.visitId, result: 'unreachable', note: '无人接听' })).json).toMatchObject({ result: 'unreachable', recorded: true });
    expect((await call('POST', path, 'instructor', { elderId: first!.elderId, visitId: first!.visitId, result: 'confirmed', reached: 'family' })).json).toMatchObject({ result: 'confirmed', verdict: 'genuine', by: 'ins-510108001' });
    expect((await call('POST', path, 'instructor', { elderId: first!.elderId, visitId: first!.visitId, result: 'not_visited', reached: 'elder' })).status).toBe(409);
    expect((await call('POST', path, 'instructor', { elderId: second!.elderId, visitId: second!.visitId, result: 'not_visited', reached: 'elder' })).json).toMatchObject({ verdict: 'fake' });
    expect((await world.repos.visits.get(second!.elderId, second!.visitId))?.review).toMatchObject({ verdict: 'fake', source: 'spot_check', by: 'ins-510108001' });
    const read = await call('GET', '/spot-checks?township=510108001&month=2026-11', 'instructor');
    expect(read.json.results.find((r) => r.visitId === first!.visitId)).toMatchObject({ result: 'confirmed', attempts: [{ by: 'ins-510108001', note: '无人接听' }] });
  });
});

describe('The elder’s archive (一人一档) through the API', () => {
  it('gives a supervisor of the area the whole file with a purpose, records the read, and refuses everyone else', async () => {
    const elderId = tasks.find((t) => t.villageCode.startsWith('510108001') && t.visitId)!.elderId;
    expect((await call('GET', `/elders/${elderId}/archive`, 'instructor')).status).toBe(400);
    expect((await call('GET', `/elders/${elderId}/archive?purpose=看看`, 'visitor')).status).toBe(403);
    expect((await call('GET', `/elders/${elderId}/archive?purpose=看看`, 'other')).status).toBe(403);
    expect((await call('GET', '/elders/E999999/archive?purpose=看看', 'instructor')).status).toBe(404);
    const { status, json } = await call('GET', `/elders/${elderId}/archive?purpose=${encodeURIComponent('季度督导检查')}&format=html`, 'instructor');
    expect(status).toBe(200);
    expect(json.archive.visits.length).toBeGreaterThan(0);
    expect(json.archive.registration.residentId).toMatch(/^\d{17}[\dX]$/);
    expect(json.html).toContain('特殊困难老年人信息登记表');
    expect(json.html).toContain('特殊困难老年人探访关爱服务记录表');
    const reads = await world.repos.audit.forElder(elderId);
    expect(reads[0]).toMatchObject({ personId: 'ins-510108001', action: 'archive', purpose: '季度督导检查' });
  });
});
