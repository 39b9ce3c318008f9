import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareEvent } from '../../shared/app/declare-event';
import { isActive } from '../../shared/domain/task/lifecycle';
import type { Task } from '../../shared/domain/task/task';
import { startTestApi } from '../helpers/api';
import { apiWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

const TOWNSHIP = '510108001';
const INSTRUCTOR = 'ins-510108001';
let world: World;
let api: Awaited<ReturnType<typeof startTestApi>>;

beforeAll(async () => {
  world = await apiWorld();
  api = await startTestApi(world, [INSTRUCTOR, 'admin-1']);
});

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

const lockdown = { eventId: 'ch-2026-11', type: 'epidemic_lockdown', title: '天鹅街道封控', areaCodes: [TOWNSHIP], from: '2026-11-20', to: '2026-11-25', homeVisitsSuspended: true, order: '成华疫指〔2026〕3号' };

async function townshipTasks(): Promise<Task[]> {
  const page = await world.repos.elders.pageInArea({ county: '510108', prefix: TOWNSHIP }, 200);
  return (await Promise.all(page.items.map((e) => world.repos.tasks.forElder(e.elderId)))).flat();
}

describe('Events that are not weather, declared by an administrator (疫情封控)', () => {
  it('raises a remote contact every 2 days for every elder of the area, makes routine home visits remote-countable, and tells visitors and families', async () => {
    const r = await api.call('POST', '/events', 'admin-1', lockdown);
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ outcome: 'declared', occasionId: 'event:ch-2026-11', apply: true });
    const tasks = await townshipTasks();
    const extra = tasks.filter((t) => t.kind === 'special' && t.occasions?.includes('event:ch-2026-11'));
    expect(new Set(extra.map((t) => t.taskId))).toEqual(new Set(['S#2026-11-20', 'S#2026-11-22', 'S#2026-11-24']));
    expect(extra.every((t) => !t.homeRequired && t.methods.join() === 'phone,video,remote_monitoring')).toBe(true);
    const routine = tasks.filter((t) => t.kind === 'routine' && isActive(t.state) && t.homeRequired && t.end >= '2026-11-20');
    expect(routine.length).toBeGreaterThan(0);
    expect(routine.every((t) => t.remote?.occasionId === 'event:ch-2026-11' && t.remote.until === '2026-11-25T23:59:59+08:00')).toBe(true);
    const shown = await api.call('GET', '/events/ch-2026-11', 'admin-1');
    expect(shown.json.stats).toMatchObject({ tasksCreated: extra.length });
    expect((shown.json.stats as { noticesQueued: number }).noticesQueued).toBeGreaterThan(0);
    const visitor = extra[0]!.visitorId!;
    const notice = await world.repos.outbox.get(`occasion#event:ch-2026-11#visitor#${visitor}`);
    expect(notice).toMatchObject({ template: 'event_visitor', params: { event: '疫情封控' } });
  });

  it('takes the same declaration again as a duplicate, and an extension as an update that adds the new days only', async () => {
    expect((await api.call('POST', '/events', 'admin-1', lockdown)).json).toMatchObject({ outcome: 'duplicate', apply: false });
    const before = (await townshipTasks()).filter((t) => t.kind === 'special').length;
    const r = await api.call('POST', '/events', 'admin-1', { ...lockdown, to: '2026-11-27' });
    expect(r.json).toMatchObject({ outcome: 'updated' });
    const after = await townshipTasks();
    const added = after.filter((t) => t.kind === 'special').length - before;
    expect(added).toBeGreaterThan(0);
    expect(after.filter((t) => t.taskId === 'S#2026-11-26')).toHaveLength(added);
    expect(after.filter((t) => t.remote?.occasionId === 'event:ch-2026-11' && isActive(t.state)).every((t) => t.remote!.until === '2026-11-27T23:59:59+08:00')).toBe(true);
  });

  it('cancels like an alert: open extra tasks cancelled, home visits required again from now', async () => {
    const r = await api.call('POST', '/events/ch-2026-11/cancel', 'admin-1', {});
    expect(r.json).toMatchObject({ outcome: 'cancelled', apply: true });
    const tasks = await townshipTasks();
    expect(tasks.filter((t) => t.kind === 'special' && t.occasions?.includes('event:ch-2026-11') && isActive(t.state))).toEqual([]);
    expect(tasks.filter((t) => t.remote?.occasionId === 'event:ch-2026-11' && isActive(t.state)).every((t) => t.remote!.until === '2026-11-20T10:00:00+08:00')).toBe(true);
    expect((await api.call('POST', '/events/ch-2026-11/cancel', 'admin-1', {})).json).toMatchObject({ outcome: 'duplicate' });
    const again = await api.call('POST', '/events', 'admin-1', lockdown);
    expect(again.status).toBe(409);
    expect(again.json.message).toMatch(/冲突/);
  });

  it('resumes an application that never finished when the declaration is sent again', async () => {
    const admin = (await world.repos.people.get('admin-1'))!;
    const disaster = { eventId: 'flood-1', type: 'disaster', title: '内涝', areaCodes: ['510108002'], from: '2026-11-20', to: '2026-11-21' };
    // Stored, never applied: the run was killed before apply-occasion got to it.
    expect(await declareEvent({ ...world.repos, clock: world.clock, runtime: world.runtime }, admin, disaster)).toMatchObject({ outcome: 'declared' });
    expect((await world.repos.occasions.stats('event:flood-1')).tasksCreated).toBe(0);
    const r = await api.call('POST', '/events', 'admin-1', disaster);
    expect(r.json).toMatchObject({ outcome: 'resumed', apply: true });
    expect((await world.repos.occasions.stats('event:flood-1')).tasksCreated).toBeGreaterThan(0);
    expect((await api.call('POST', '/events', 'admin-1', disaster)).json).toMatchObject({ outcome: 'duplicate' });
  });

  it('marks the routine tasks generated while a lockdown lasts, in its area only, and none after it is cancelled', async () => {
    const long = { ...lockdown, eventId: 'ch-long', areaCodes: ['510108003'], to: '2026-12-10' };
    expect((await api.call('POST', '/events', 'admin-1', long)).json).toMatchObject({ outcome: 'declared' });
    world.clock.set('2026-11-28T06:00:00+08:00');
    const { generateTasks } = await import('../../shared/app/generate-tasks');
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const all = (await Promise.all((await world.repos.elders.pageInArea({ county: '510108' }, 200)).items.map((e) => world.repos.tasks.forElder(e.elderId)))).flat();
    const december = all.filter((t) => t.kind === 'routine' && t.generatedOn === '2026-11-28' && t.homeRequired);
    expect(december.length).toBeGreaterThan(0);
    for (const t of december) expect(t.remote?.occasionId).toBe(t.townshipCode === '510108003' ? 'event:ch-long' : undefined);
    expect(december.some((t) => t.townshipCode === '510108003')).toBe(true);
    world.clock.set('2026-11-20T10:00:00+08:00');
  });

  it('refuses an event outside the deployment, dates reversed, a non-administrator, and an unknown event, in Chinese too', async () => {
    const outside = await api.call('POST', '/events', 'admin-1', { ...lockdown, eventId: 'sz-1', areaCodes: ['440305001'] });
    expect(outside.status).toBe(400);
    expect(outside.json).toMatchObject({ code: 'outside_deployment', errors: [{ field: 'areaCodes.0', code: 'outside_deployment', message: '区划440305001不在本部署的服务范围内' }] });
    expect(outside.json.message).toMatch(/^请求有误：/);
    const reversed = await api.call('POST', '/events', 'admin-1', { ...lockdown, eventId: 'x-2', from: '2026-11-25', to: '2026-11-20' });
    expect(reversed.json.errors).toMatchObject([{ field: 'to', code: 'event_dates_reversed' }]);
    const notAdmin = await api.call('POST', '/events', INSTRUCTOR, { ...lockdown, eventId: 'x-3' });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.json.message).toBe('没有权限：只有管理员可以执行此操作');
    expect((await api.call('POST', '/events/nothing/cancel', 'admin-1', {})).status).toBe(404);
    expect(await world.repos.occasions.get('event:sz-1')).toBeUndefined();
  });
});
