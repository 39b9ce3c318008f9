import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../helpers/api';
import { apiWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

const VISITOR = 'vis-510108001001-1';
const COVER = 'vis-510108001002-1';
const FAR_VISITOR = 'vis-510108002001-1';
const INSTRUCTOR = 'ins-510108001';
const OTHER_INSTRUCTOR = 'ins-510108002';
const LIAISON = 'lia-510108001001';

let world: World;
let api: Awaited<ReturnType<typeof startTestApi>>;

beforeAll(async () => {
  world = await apiWorld();
  api = await startTestApi(world, [VISITOR, COVER, FAR_VISITOR, INSTRUCTOR, OTHER_INSTRUCTOR, LIAISON, 'admin-1']);
});

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

describe('POST /people/{id}/leave and /tasks/move: hostile first', () => {
  it('refuses a cover outside the visitor’s area and leave dates reversed, naming the field in English and Chinese', async () => {
    const far = await api.call('POST', `/people/${VISITOR}/leave`, INSTRUCTOR, { from: '2026-11-21', to: '2026-11-25', coverId: FAR_VISITOR });
    expect(far.status).toBe(400);
    expect(far.json).toMatchObject({
      code: 'cover_outside_area',
      errors: [{ field: 'coverId', code: 'cover_outside_area', rule: expect.stringContaining('does not serve area 510108001001'), message: expect.stringContaining('不包含请假人员的服务区域') }],
    });
    const reversed = await api.call('POST', `/people/${VISITOR}/leave`, INSTRUCTOR, { from: '2026-11-25', to: '2026-11-21', coverId: COVER });
    expect(reversed.status).toBe(400);
    expect(reversed.json.errors).toMatchObject([{ field: 'to', code: 'leave_dates_reversed', message: '结束日期不能早于开始日期（2026-11-25）' }]);
    const stranger = await api.call('POST', `/people/${VISITOR}/leave`, OTHER_INSTRUCTOR, { from: '2026-11-21', to: '2026-11-25', coverId: COVER });
    expect(stranger.status).toBe(403);
    const unknown = await api.call('POST', `/people/${VISITOR}/leave`, INSTRUCTOR, { from: '2026-11-21', to: '2026-11-25', coverId: COVER, extra: 1 });
    expect(unknown.status).toBe(400);
    expect((await api.call('GET', `/people/${VISITOR}/leave`, INSTRUCTOR)).json).toEqual({ leaves: [] });
  });

  it('lets the cover read the elders of the leave while covering, and not after', async () => {
    const elder = (await world.repos.elders.pageInArea({ county: '510108', prefix: '510108001001' }, 200)).items.find((e) => e.visitorId === VISITOR)!;
    expect((await api.call('GET', `/elders/${elder.elderId}`, COVER)).status).toBe(403);
    const r = await api.call('POST', `/people/${VISITOR}/leave`, INSTRUCTOR, { from: '2026-11-20', to: '2026-11-22', coverId: COVER, reason: '事假' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ created: true, leave: { from: '2026-11-20', to: '2026-11-22', coverId: COVER, recordedBy: INSTRUCTOR } });
    expect((await api.call('GET', `/elders/${elder.elderId}`, COVER)).json).toMatchObject({ view: 'visit' });
    expect((await api.call('GET', `/people/${VISITOR}/leave`, VISITOR)).json.leaves).toHaveLength(1);
    // After the leave (its tasks handed back), the record is closed to the cover again.
    world.clock.set('2026-11-23T06:00:00+08:00');
    const { generateTasks } = await import('../../shared/app/generate-tasks');
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const after = await startTestApi(world, [COVER]);
    try {
      expect((await after.call('GET', `/elders/${elder.elderId}`, COVER)).status).toBe(403);
    } finally {
      await after.close();
      world.clock.set('2026-11-20T10:00:00+08:00');
    }
  });

  it('refuses moving the tasks of a visitor outside the supervisor’s area, and a liaison moving a neighbour village’s visitor', async () => {
    const before = (await world.repos.tasks.openForVisitor(FAR_VISITOR)).length;
    const outside = await api.call('POST', `/people/${FAR_VISITOR}/tasks/move`, INSTRUCTOR, { toVisitorId: COVER, reason: '调岗' });
    expect(outside.status).toBe(403);
    expect(outside.json.message).toMatch(/^没有权限：督导区域510108001不包含/);
    const liaison = await api.call('POST', `/people/${COVER}/tasks/move`, LIAISON, { toVisitorId: VISITOR, reason: '调岗' });
    expect(liaison.status).toBe(403);
    expect((await world.repos.tasks.openForVisitor(FAR_VISITOR)).length).toBe(before);
    const noReason = await api.call('POST', `/people/${COVER}/tasks/move`, INSTRUCTOR, { toVisitorId: VISITOR, reason: '   ' });
    expect(noReason.status).toBe(400);
  });

  it('moves a visitor’s open tasks in one request for the township instructor', async () => {
    const count = (await world.repos.tasks.openForVisitor(COVER)).filter((t) => t.kind !== 'follow_up').length;
    const r = await api.call('POST', `/people/${COVER}/tasks/move`, INSTRUCTOR, { toVisitorId: VISITOR, reason: '调岗' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ moved: count, total: count, smsQueued: count > 0 });
  });
});
