import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, queryAll } from '../../shared/adapters/dynamodb/paging';
import { DynamoTaskRepository } from '../../shared/adapters/dynamodb/task-repository';
import { summaryOf } from '../../shared/adapters/dynamodb/task-summary';
import { whoMayHold } from '../../shared/app/area-holders';
import { generateTasks } from '../../shared/app/generate-tasks';
import { recordVisit } from '../../shared/app/record-visit';
import { visitRateReport } from '../../shared/app/reports';
import { reassignTask } from '../../shared/app/supervise';
import type { Principal } from '../../shared/domain/access/access';
import { parsePeriod } from '../../shared/domain/reports/period';
import { visitRates } from '../../shared/domain/reports/visit-rate';
import type { Task, TaskSummary } from '../../shared/domain/task/task';
import { Random } from '../../cli/simulation/random';
import { visitForm } from '../../cli/simulation/visit-form';
import { loadLedger, newWorld, savePeople, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

/*
 * A task still with its visitor and no fixed outcome is in no byAreaMonth entry (3 write units
 * at creation); inAreaMonth finds it through openByVisitor for the visitors who may hold the
 * area's tasks. These tests check that answer against every elder's tasks read by key.
 */
const ref = (t: { elderId: string; taskId: string }) => `${t.elderId}#${t.taskId}`;
const byRef = (a: TaskSummary, b: TaskSummary) => ref(a).localeCompare(ref(b));
const admin: Principal = { personId: 'admin-1', roles: ['admin'], areaCode: '510108', active: true };

let world: World;
let elderIds: string[];

async function everyTask(): Promise<Task[]> {
  return (await Promise.all(elderIds.map((id) => world.repos.tasks.forElder(id)))).flat();
}

/** What inAreaMonth must answer, counted from every elder's tasks (a Query per elder), not from any index. */
async function expected(area: string, month: string): Promise<TaskSummary[]> {
  return (await everyTask())
    .filter((t) => t.villageCode.startsWith(area) && t.end.startsWith(month))
    .map(summaryOf)
    .sort(byRef);
}

async function inIndex(county: string, month: string): Promise<Set<string>> {
  const items = await collect(queryAll(world.db.client, { TableName: world.names.tasks, IndexName: 'byAreaMonth', KeyConditionExpression: 'areaMonth = :a', ExpressionAttributeValues: { ':a': `${county}#${month}` } }));
  return new Set(items.map((i) => `${String(i.elderId)}#${String(i.taskId)}`));
}

beforeAll(async () => {
  world = await newWorld('sichuan', '2026-10-31T20:00:00+08:00');
  const ledger = await loadLedger(world, { elders: 40, asOf: '2026-11-01' });
  elderIds = ledger.registrations.map((r) => r.id!);
  await savePeople(world, [
    { ...admin, name: '管理员' },
    // Visitors no elder names: one in another village of township 001, one attached to the township itself.
    { personId: 'vis-510108001002-9', name: '邻村探访员', roles: ['visitor'], areaCode: '510108001002', active: true },
    { personId: 'vis-510108001', name: '镇探访员', roles: ['visitor'], areaCode: '510108001', active: true },
  ]);
  world.clock.set('2026-11-01T06:00:00+08:00');
  await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
  // Early November: a few visits made, most tasks still with their visitor.
  world.clock.set('2026-11-05T10:00:00+08:00');
  const tasks = (await everyTask()).filter((t) => t.state === 'assigned' && t.end.startsWith('2026-11'));
  for (const t of tasks.slice(0, 5)) await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, visitForm(t, t.visitorId!, world.clock.now(), 'home', new Random(1)));
}, 120_000);

describe('A current month’s tasks of an area, while most are still with their visitor', () => {
  it('answers for the county, each township and a village exactly as every elder’s tasks read by key, though byAreaMonth holds only the fixed ones', async () => {
    const all = await everyTask();
    const pending = all.filter((t) => t.state === 'assigned' && t.end.startsWith('2026-11'));
    expect(pending.length).toBeGreaterThan(20);
    expect(all.some((t) => t.state === 'completed')).toBe(true);
    const indexed = await inIndex('510108', '2026-11');
    for (const t of pending) expect(indexed.has(ref(t))).toBe(false);
    for (const t of all.filter((x) => x.state === 'completed')) expect(indexed.has(ref(t))).toBe(true);

    for (const area of ['510108', '510108001', '510108002', '510108001001']) {
      const want = await expected(area, '2026-11');
      expect(want.length, area).toBeGreaterThan(0);
      expect((await world.repos.tasks.inAreaMonth(area, '2026-11')).sort(byRef), area).toEqual(want);
    }
  });

  it('never lists another month’s or another area’s task, nor one twice', async () => {
    for (const [area, month] of [
      ['510108', '2026-12'],
      ['510108001001', '2026-10'],
      ['510109', '2026-11'],
    ] as const) {
      const got = await world.repos.tasks.inAreaMonth(area, month);
      expect(got.sort(byRef), `${area} ${month}`).toEqual(await expected(area, month));
      expect(new Set(got.map(ref)).size).toBe(got.length);
    }
  });

  it('gives the current month’s visit rate, its pending windows included, as counting every elder’s tasks', async () => {
    const period = parsePeriod('2026-11');
    if (!period.ok) throw new Error(period.rule);
    for (const area of ['510108', '510108001']) {
      const got = await visitRateReport({ ...world.repos, clock: world.clock, runtime: world.runtime }, { principal: admin, area, period: '2026-11', by: ['tier'] });
      const want = visitRates(await expected(area, '2026-11'), { area, period: period.period, asOf: got.asOf, by: ['tier'] });
      expect(got.total.stillOpen).toBeGreaterThan(5);
      expect(got.total.visitedEarly).toBeGreaterThan(0);
      expect({ total: got.total, rows: got.rows }).toEqual({ total: want.total, rows: want.rows });
    }
  });

  it('follows a task moved to a visitor of another village of the township, then to one of the township itself, and shows it only in its own village', async () => {
    const task = (await everyTask()).find((t) => t.state === 'assigned' && t.villageCode === '510108001001' && t.end.startsWith('2026-11'))!;
    expect(task).toBeDefined();
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
    for (const to of ['vis-510108001002-9', 'vis-510108001']) {
      await reassignTask(deps, { elderId: task.elderId, taskId: task.taskId, by: 'ins-510108001', toVisitorId: to, reason: '原探访人员住院' });
      const inVillage = (await world.repos.tasks.inAreaMonth('510108001001', '2026-11')).filter((t) => ref(t) === ref(task));
      expect(inVillage, to).toEqual([expect.objectContaining({ visitorId: to, state: 'assigned' })]);
      expect((await world.repos.tasks.inAreaMonth('510108001002', '2026-11')).map(ref)).not.toContain(ref(task));
      expect((await world.repos.tasks.inAreaMonth('510108', '2026-11')).filter((t) => ref(t) === ref(task))).toHaveLength(1);
    }
    expect((await world.repos.tasks.inAreaMonth('510108001', '2026-11')).sort(byRef)).toEqual(await expected('510108001', '2026-11'));
  });

  it('finds a follow-up its owner holds, the township instructor or the village liaison (not visitors, not named by any elder)', async () => {
    const base = (await everyTask()).find((t) => t.state === 'assigned' && t.villageCode === '510108002001' && t.end.startsWith('2026-11'))!;
    for (const owner of ['ins-510108002', 'lia-510108002001']) {
      const followUp: Task = { ...base, taskId: `fu#${owner}`, kind: 'follow_up', visitorId: owner, outcome: undefined, followUpCause: 'referral', followUpRound: 1, version: 1 };
      expect(await world.repos.tasks.createIfAbsent(followUp)).toBe('created');
      expect((await inIndex('510108', '2026-11')).has(ref(followUp))).toBe(false);
      expect((await world.repos.tasks.inAreaMonth('510108002001', '2026-11')).filter((t) => ref(t) === ref(followUp))).toEqual([summaryOf(followUp)]);
    }
  });

  it('reads a task from byAreaMonth once the visit fixes its outcome, and never twice', async () => {
    const task = (await everyTask()).find((t) => t.state === 'assigned' && t.end.startsWith('2026-11') && t.visitorId?.startsWith('vis-'))!;
    world.clock.set('2026-11-06T10:00:00+08:00');
    await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, visitForm(task, task.visitorId!, world.clock.now(), 'home', new Random(2)));
    expect((await inIndex('510108', '2026-11')).has(ref(task))).toBe(true);
    const found = (await world.repos.tasks.inAreaMonth(task.villageCode, '2026-11')).filter((t) => ref(t) === ref(task));
    expect(found).toEqual([expect.objectContaining({ state: 'completed', outcome: expect.objectContaining({ result: 'visited' }) })]);
  });

  it('answers several months at once (a quarter) as each month does, reading the area’s holders once', async () => {
    let asked = 0;
    const counting = new DynamoTaskRepository(world.db.client, world.names.tasks, {
      holdersOf: (area) => {
        asked++;
        return whoMayHold({ elders: world.repos.elders, people: world.repos.people }, area);
      },
    });
    const months = ['2026-10', '2026-11', '2026-12'];
    for (const area of ['510108', '510108001', '510108001001']) {
      asked = 0;
      const together = (await counting.inAreaMonths(area, months)).sort(byRef);
      expect(asked, area).toBe(1);
      expect(together.length, area).toBeGreaterThan(0);
      expect(together, area).toEqual((await Promise.all(months.map((m) => world.repos.tasks.inAreaMonth(area, m)))).flat().sort(byRef));
      expect(together, area).toEqual((await Promise.all(months.map((m) => expected(area, m)))).flat().sort(byRef));
    }
  });

  it('refuses to answer without the visitor directory rather than answer short', async () => {
    const bare = new DynamoTaskRepository(world.db.client, world.names.tasks);
    await expect(bare.inAreaMonth('510108', '2026-11')).rejects.toThrow('holdersOf');
  });
});
