import { afterAll, describe, expect, it } from 'vitest';
import { generateTasks } from '../../shared/app/generate-tasks';
import { recordVisit } from '../../shared/app/record-visit';
import { visitRateReport } from '../../shared/app/reports';
import { reviewVisit } from '../../shared/app/review-visit';
import { drawSpotCheck } from '../../shared/app/spot-check';
import type { Principal } from '../../shared/domain/access/access';
import type { TaskRepository } from '../../shared/ports';
import { runDays } from '../helpers/month';
import { UNEVENTFUL_FINDINGS } from '../helpers/visit-form';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';

afterAll(async () => {
  await stopDynamo();
});

const instructor = (township: string): Principal => ({ personId: `ins-${township}`, roles: ['instructor'], areaCode: township, active: true });

describe('Shanghai’s weekly visit rate (周探访率)', () => {
  it('counts the windows that closed in ISO week 2026-W53 (28 December – 3 January), across the year end', async () => {
    const world = await newWorld('shanghai', '2026-12-27T20:00:00+08:00');
    const ledger = await loadLedger(world, { elders: 20, asOf: '2026-12-28' });
    await runDays(world, '2026-12-28', '2027-01-04', { share: 0.7, lateShare: 0.1, seed: 'w53' });
    const tasks = (await Promise.all(ledger.registrations.map((r) => world.repos.tasks.forElder(r.id!)))).flat();
    const inWeek = tasks.filter((t) => t.kind === 'routine' && t.end >= '2026-12-28' && t.end <= '2027-01-03');
    expect(new Set(inWeek.map((t) => t.end.slice(0, 4)))).toEqual(new Set(['2026', '2027']));
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
    const admin: Principal = { personId: 'a', roles: ['admin'], areaCode: '310000', active: true };
    const week = await visitRateReport(deps, { principal: admin, area: '310000', period: '2026-W53' });
    expect(week.total).toMatchObject({ owed: inWeek.length, visited: inWeek.filter((t) => t.state === 'completed' && !t.late).length });
    const january = await visitRateReport(deps, { principal: admin, area: '310101', period: '2027-01' });
    expect(january.total.owed).toBe(tasks.filter((t) => t.kind === 'routine' && t.end.startsWith('2027-01') && t.dueAt <= '2027-01-05T00:05:00+08:00').length);
  }, 90_000);
});

describe('Supervision under failure and concurrency', () => {
  it('heals a fake verdict whose task update was lost half-way: sending it again reopens the task, once', async () => {
    const world = await newWorld('sichuan', '2026-11-16T06:00:00+08:00');
    const ledger = await loadLedger(world, { elders: 12, asOf: '2026-11-16' });
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const all = (await Promise.all(ledger.registrations.map((r) => world.repos.tasks.forElder(r.id!)))).flat();
    const task = all.find((t) => t.kind === 'routine' && t.visitorId && t.start <= '2026-11-18' && t.townshipCode === '510108001')!;
    world.clock.set('2026-11-18T10:00:00+08:00');
    await recordVisit(
      { ...world.repos, clock: world.clock, runtime: world.runtime },
      { visitId: 'crash-1', elderId: task.elderId, taskId: task.taskId, visitorId: task.visitorId, visitedAt: '2026-11-18T10:00:00+08:00', method: 'home', ...UNEVENTFUL_FINDINGS },
    );
    // The verdict is stored, then the process dies before the task is written.
    const broken = {
      get: (e: string, t: string) => world.repos.tasks.get(e, t),
      update: async () => {
        throw new Error('killed half-way');
      },
    } as unknown as TaskRepository;
    const request = { principal: instructor('510108001'), elderId: task.elderId, visitId: 'crash-1', verdict: 'fake' as const, source: 'flag_review' as const };
    await expect(reviewVisit({ visits: world.repos.visits, tasks: broken, clock: world.clock }, request)).rejects.toThrow('killed half-way');
    expect((await world.repos.tasks.get(task.elderId, task.taskId))?.state).toBe('completed');
    const healed = await reviewVisit({ visits: world.repos.visits, tasks: world.repos.tasks, clock: world.clock }, request);
    expect(healed).toMatchObject({ recorded: false, task: { state: 'assigned', reopened: true } });
    const again = await reviewVisit({ visits: world.repos.visits, tasks: world.repos.tasks, clock: world.clock }, request);
    expect((await world.repos.tasks.get(task.elderId, task.taskId))?.fakeVisits).toEqual(['crash-1']);
    expect(again.task?.state).toBe('assigned');
  });

  it('two instructors drawing the same month at once get one draw; a visitor reads their own rate, not another’s', async () => {
    const world = await newWorld('sichuan', '2026-10-31T20:00:00+08:00');
    const ledger = await loadLedger(world, { elders: 16, asOf: '2026-11-01' });
    await runDays(world, '2026-11-01', '2026-11-30', { seed: 'c' });
    const visitorOf = (await Promise.all(ledger.registrations.map((r) => world.repos.tasks.forElder(r.id!)))).flat().find((t) => t.outcome?.visitorId)!.outcome!.visitorId!;
    world.clock.set('2026-12-01T09:00:00+08:00');
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime, ids: { next: () => 'unused' } };
    const [a, b] = await Promise.all([
      drawSpotCheck(deps, { principal: instructor('510108001'), township: '510108001', month: '2026-11', seed: 'one' }),
      drawSpotCheck(deps, { principal: { ...instructor('510108001'), personId: 'sup-county', roles: ['supervisor'], areaCode: '510108' }, township: '510108001', month: '2026-11', seed: 'two' }),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.draw).toEqual(b.draw);
    const me = (await world.repos.people.get(visitorOf))!;
    expect((await visitRateReport(deps, { principal: me, visitorId: me.personId, period: '2026-11' })).total.owed).toBeGreaterThan(0);
    const colleague = me.personId.endsWith('-1') ? me.personId.replace(/-1$/, '-2') : me.personId.replace(/-2$/, '-1');
    await expect(visitRateReport(deps, { principal: me, visitorId: colleague, period: '2026-11' })).rejects.toThrow('visit rates are for supervisors');
  }, 60_000);
});
