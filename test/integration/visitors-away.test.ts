import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { generateTasks } from '../../shared/app/generate-tasks';
import { moveVisitorTasks } from '../../shared/app/move-visitor-tasks';
import { recordLeave } from '../../shared/app/visitor-leave';
import type { Person } from '../../shared/domain/people/person';
import type { Task } from '../../shared/domain/task/task';
import type { TaskRepository } from '../../shared/ports';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

/** The township's instructor, who manages its visitors (and records their leave). */
const instructor = (township: string): Pick<Person, 'personId' | 'roles' | 'areaCode' | 'active'> => ({ personId: `ins-${township}`, roles: ['instructor'], areaCode: township, active: true });

let world: World;
let visitor: string;
let cover: string;
let township: string;

/** The visitor of the synthetic county with the most open tasks, and a colleague of another village of the township. */
async function busiestVisitor(w: World): Promise<{ visitor: string; cover: string; township: string }> {
  const ledger = await loadLedger(w, { elders: 60 });
  await generateTasks({ ...w.repos, clock: w.clock, runtime: w.runtime });
  const visitors = ledger.people.filter((p) => p.roles.includes('visitor') && p.phone !== undefined);
  const counts = await Promise.all(visitors.map(async (p) => [p, (await w.repos.tasks.openForVisitor(p.personId)).length] as const));
  const [best] = counts.sort((a, b) => b[1] - a[1])[0]!;
  const other = visitors.find((p) => p.areaCode.slice(0, 9) === best.areaCode.slice(0, 9) && p.areaCode !== best.areaCode)!;
  return { visitor: best.personId, cover: other.personId, township: best.areaCode.slice(0, 9) };
}

const deps = () => ({ ...world.repos, clock: world.clock, runtime: world.runtime });
const open = (id: string) => world.repos.tasks.openForVisitor(id);

beforeEach(async () => {
  world = await newWorld('sichuan', '2026-11-14T06:00:00+08:00');
  ({ visitor, cover, township } = await busiestVisitor(world));
  world.clock.set('2026-11-14T10:00:00+08:00');
});

describe('A visitor on leave, with a colleague covering (请假, 代班)', () => {
  it('gives the cover the tasks due on the leave days, with history, one SMS, and nothing twice on a repeat', async () => {
    const before = await open(visitor);
    const due = before.filter((t) => t.end >= '2026-11-14' && t.end <= '2026-11-30' && t.kind !== 'follow_up');
    expect(due.length).toBeGreaterThan(0);
    const principal = instructor(township);
    const first = await recordLeave(deps(), { principal, visitorId: visitor, request: { from: '2026-11-14', to: '2026-11-30', coverId: cover, reason: '病假' } });
    expect(first).toMatchObject({ created: true, tasksWithCover: due.length, tasksNotMovable: [] });
    const held = (await open(cover)).filter((t) => t.cover?.for === visitor);
    expect(held.map((t) => t.taskId).sort()).toEqual(due.map((t) => t.taskId).sort());
    expect(held[0]!.history.at(-1)).toMatchObject({ event: 'reassign', by: `ins-${township}`, detail: expect.stringContaining(`covering the leave of ${visitor} (2026-11-14–2026-11-30)`) });
    const again = await recordLeave(deps(), { principal, visitorId: visitor, request: { from: '2026-11-14', to: '2026-11-30', coverId: cover, reason: '病假' } });
    expect(again).toMatchObject({ created: false, tasksWithCover: due.length });
    expect((await world.repos.tasks.get(held[0]!.elderId, held[0]!.taskId))!.history.filter((h) => h.event === 'reassign')).toHaveLength(1);
    const sms = await world.repos.outbox.get(`cover#${visitor}#2026-11-14`);
    expect(sms).toMatchObject({ template: 'leave_cover', recipientId: cover, params: { count: String(due.length) } });
  });

  it('sends new tasks due in the leave to the cover, and hands back what the cover still holds the morning after', async () => {
    const principal = instructor(township);
    await recordLeave(deps(), { principal, visitorId: visitor, request: { from: '2026-11-14', to: '2026-12-31', coverId: cover } });
    // December's tasks enter the horizon on 28 November: all are due in the leave, so all go to the cover.
    world.clock.set('2026-11-28T06:00:00+08:00');
    const run = await generateTasks(deps());
    expect(run.tasksToCovers).toBeGreaterThan(0);
    const held = (await open(cover)).filter((t) => t.cover?.for === visitor);
    expect(held.every((t) => t.end <= '2026-12-31')).toBe(true);
    expect(held.find((t) => t.generatedOn === '2026-11-28')!.history[0]!.detail).toMatch(/covering the leave of/);
    // The cover completes nothing; on 1 January everything still open goes back to the visitor.
    world.clock.set('2027-01-01T06:00:00+08:00');
    const back = await generateTasks(deps());
    expect(back.leaveReturns).toMatchObject({ leavesEnded: 1, tasksReturned: held.length, tasksKept: [] });
    expect((await open(cover)).filter((t) => t.cover?.for === visitor)).toEqual([]);
    const returned = await world.repos.tasks.get(held[0]!.elderId, held[0]!.taskId);
    expect(returned?.visitorId).toBe(visitor);
    expect(returned?.cover).toBeUndefined();
    expect(returned!.history.at(-1)).toMatchObject({ event: 'reassign', by: 'leave', detail: expect.stringContaining('back from leave (2026-11-14–2026-12-31)') });
    // The next morning finds nothing left to hand back.
    world.clock.set('2027-01-02T06:00:00+08:00');
    expect((await generateTasks(deps())).leaveReturns.leavesEnded).toBe(0);
  });

  it('leaves the new tasks of an inactive visitor open, tells the liaison once, and sends the visitor no digest', async () => {
    const person = (await world.repos.people.get(visitor))!;
    await world.repos.people.save({ ...person, active: false });
    world.clock.set('2026-11-28T06:00:00+08:00');
    const run = await generateTasks(deps());
    expect(run.tasksLeftOpen).toBeGreaterThan(0);
    expect(run.unassignedNotices).toBeGreaterThan(0);
    expect(await world.repos.outbox.get(`assign#${visitor}#2026-11-28`)).toBeUndefined();
    const notice = await world.repos.outbox.get(`unassigned#lia-${person.areaCode}#2026-11-28`);
    expect(notice).toMatchObject({ template: 'unassigned_tasks', recipientId: `lia-${person.areaCode}` });
    expect(notice!.text).toContain('无人负责');
    const rerun = await generateTasks(deps());
    expect(rerun.unassignedNotices).toBe(0);
  });
});

describe('Moving all of a visitor’s open tasks in one step (整体改派)', () => {
  it('moves every open task with history on each and one SMS to the new visitor', async () => {
    const before = (await open(visitor)).filter((t) => t.kind !== 'follow_up');
    const report = await moveVisitorTasks(deps(), { by: `ins-${township}`, fromVisitorId: visitor, toVisitorId: cover, reason: '调岗' });
    expect(report).toMatchObject({ moved: before.length, total: before.length, skipped: [], smsQueued: true });
    expect(await open(visitor)).toEqual([]);
    for (const t of before) expect((await world.repos.tasks.get(t.elderId, t.taskId))!.history.at(-1)).toMatchObject({ event: 'reassign', by: `ins-${township}`, detail: `${visitor} → ${cover}: 调岗 [${report.moveId}]` });
    const again = await moveVisitorTasks(deps(), { by: `ins-${township}`, fromVisitorId: visitor, toVisitorId: cover, reason: '调岗' });
    expect(again).toMatchObject({ moved: 0, total: before.length, smsQueued: false });
  });

  it('finishes a move killed half-way when run again: every task moved once, one SMS with the whole count', async () => {
    const before = (await open(visitor)).filter((t) => t.kind !== 'follow_up');
    expect(before.length).toBeGreaterThan(2);
    let writes = 0;
    const dying: TaskRepository = {
      ...world.repos.tasks,
      openForVisitor: (id) => world.repos.tasks.openForVisitor(id),
      get: (e, t) => world.repos.tasks.get(e, t),
      update: async (task: Task) => {
        if (++writes > 2) throw new Error('killed');
        return world.repos.tasks.update(task);
      },
    };
    await expect(moveVisitorTasks({ ...deps(), tasks: dying }, { by: `ins-${township}`, fromVisitorId: visitor, toVisitorId: cover, reason: '调岗' })).rejects.toThrow('killed');
    expect((await open(visitor)).length).toBe(before.length - 2);
    const rerun = await moveVisitorTasks(deps(), { by: `ins-${township}`, fromVisitorId: visitor, toVisitorId: cover, reason: '调岗' });
    expect(rerun).toMatchObject({ moved: before.length - 2, total: before.length, smsQueued: true });
    const sms = await world.repos.outbox.get(`handover#${visitor}#${cover}#2026-11-14`);
    expect(sms).toMatchObject({ template: 'tasks_handover', params: { count: String(before.length) } });
    for (const t of before) expect((await world.repos.tasks.get(t.elderId, t.taskId))!.history.filter((h) => h.event === 'reassign')).toHaveLength(1);
  });

  it('refuses a supervisor outside the visitor’s area, a new visitor outside it, and the same visitor', async () => {
    const elsewhere = `ins-${township.slice(0, 6)}002`;
    await expect(moveVisitorTasks(deps(), { by: elsewhere, fromVisitorId: visitor, toVisitorId: cover, reason: 'x' })).rejects.toMatchObject({ name: 'ForbiddenError' });
    const far = (await world.repos.people.inArea(`${township.slice(0, 6)}002001`)).find((p) => p.roles.includes('visitor'))!;
    await expect(moveVisitorTasks(deps(), { by: `ins-${township}`, fromVisitorId: visitor, toVisitorId: far.personId, reason: 'x' })).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ field: 'toVisitorId', code: 'cover_outside_area' }],
    });
    await expect(moveVisitorTasks(deps(), { by: `ins-${township}`, fromVisitorId: visitor, toVisitorId: visitor, reason: 'x' })).rejects.toMatchObject({ issues: [{ code: 'same_visitor' }] });
    expect((await open(visitor)).length).toBeGreaterThan(0);
  });
});
