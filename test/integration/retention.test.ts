import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { archivedMonth } from '../../shared/adapters/dynamodb/task-archive';
import { sweepExpired } from '../../shared/adapters/local/ttl-sweep';
import { elderArchive } from '../../shared/app/archive';
import { archiveClosedTasks } from '../../shared/app/archive-closed';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { generateTasks } from '../../shared/app/generate-tasks';
import { recordVisit } from '../../shared/app/record-visit';
import { periodReportFor, visitRateReport } from '../../shared/app/reports';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { Task } from '../../shared/domain/task/task';
import { toMillis } from '../../shared/domain/time/instant';
import { Random } from '../../cli/simulation/random';
import { visitForm } from '../../cli/simulation/visit-form';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const admin = { personId: 'local-cli', roles: ['admin' as const], areaCode: '510108', active: true };

let world: World;
let runtime: RegionRuntime;
let repos: Repositories;
let visited: Task[];
let missed: Task;
let elders: string[];

/** What a reader sees of November 2026: the elder archives, the county's and a visitor's rates, the monthly report. */
async function november(at: string) {
  world.clock.set(at);
  const deps = { ...repos, clock: world.clock, runtime };
  const archives = await Promise.all(
    elders.map(async (elderId) => {
      // What the archive shows of tasks (the care summary beside them is recomputed for the day it is read).
      const { routine, escalations, followUps, specialPeriods, visits } = await elderArchive(deps, { principal: admin, elderId, purpose: '留存核对', requestId: `r-${elderId}` });
      return { elderId, routine, escalations, followUps, specialPeriods, visits };
    }),
  );
  const { asOf: _a, ...countyRates } = await visitRateReport(deps, { principal: admin, period: '2026-11', area: '510108', by: ['village', 'tier'] });
  const { asOf: _b, ...visitorRates } = await visitRateReport(deps, { principal: admin, period: '2026-11', visitorId: visited[0]!.visitorId! });
  const { generatedAt: _c, asOf: _d, ...monthly } = (await periodReportFor(deps, { principal: admin, area: '510108', period: '2026-11', kind: 'monthly' })) as unknown as Record<string, unknown>;
  return { archives, countyRates, visitorRates, monthly };
}

beforeAll(async () => {
  world = await newWorld();
  runtime = { ...world.runtime, config: { ...world.runtime.config, retention: { closedTaskMonths: 13, outboxDays: 90 } } };
  repos = dynamoRepositories(world.db.client, world.names, { retention: runtime.config.retention });
  const ledger = await loadLedger(world, { elders: 24 });
  world.clock.set('2026-11-01T06:00:00+08:00');
  await generateTasks({ ...repos, clock: world.clock, runtime });
  const tasks: Task[] = [];
  for (const r of ledger.registrations) tasks.push(...(await repos.tasks.forElder(r.id)));
  const keyTasks = tasks.filter((t) => t.kind === 'routine' && t.visitorId !== undefined && t.end.startsWith('2026-11'));
  visited = keyTasks.slice(0, -1).filter((t) => t.opensAt <= '2026-11-10');
  missed = keyTasks.at(-1)!;
  world.clock.set('2026-11-10T10:00:00+08:00');
  for (const t of visited) await recordVisit({ ...repos, clock: world.clock, runtime }, visitForm(t, t.visitorId!, world.clock.now(), 'home', new Random(3)));
  world.clock.set('2026-12-01T00:05:00+08:00');
  await escalateOverdue({ ...repos, clock: world.clock, runtime });
  elders = [...new Set(keyTasks.map((t) => t.elderId))];
}, 120_000);

describe('Closed tasks expire after the retention, archived first', () => {
  it('sets a closed task to expire at the start of the 14th month after its window month, and never an active one', async () => {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const raw = async (t: Task) => (await world.db.client.send(new GetCommand({ TableName: world.names.tasks, Key: { elderId: t.elderId, taskId: t.taskId } }))).Item;
    expect(visited.length).toBeGreaterThan(1);
    expect((await raw(visited[0]!))?.expiresAtEpoch).toBe(toMillis('2028-01-01T00:00:00+08:00') / 1000);
    expect((await raw(missed))?.state).toBe('missed');
    expect((await raw(missed))?.expiresAtEpoch).toBeUndefined();
  });

  it('lets an SMS record go retention.outboxDays (90 here) after it was queued, not a second earlier', async () => {
    const digest = `assign#${visited[0]!.visitorId}#2026-11-01`;
    expect(await repos.outbox.get(digest)).toBeDefined();
    await sweepExpired(world.db.client, world.names, toMillis('2027-01-30T05:59:59+08:00'));
    expect(await repos.outbox.get(digest)).toBeDefined();
    await sweepExpired(world.db.client, world.names, toMillis('2027-01-30T06:00:00+08:00'));
    expect(await repos.outbox.get(digest)).toBeUndefined();
    // Tasks are not touched by it: none of November's expires before 2028.
    for (const t of visited) expect(await repos.tasks.get(t.elderId, t.taskId)).toBeDefined();
  });

  it("keeps the elder archive, last year's rates and the monthly report the same once a task closed 13 months ago is gone from the hot table", async () => {
    const before = await november('2027-11-03T02:00:00+08:00');
    // The monthly runs of November and December 2027 archive November 2026 (a month early, then its last pass).
    world.clock.set('2027-11-01T02:00:00+08:00');
    expect((await archiveClosedTasks({ ...repos, clock: world.clock, runtime })).months).toEqual(['2026-10', '2026-11']);
    world.clock.set('2027-12-01T02:00:00+08:00');
    expect((await archiveClosedTasks({ ...repos, clock: world.clock, runtime })).months).toEqual(['2026-11', '2026-12']);
    expect(await archivedMonth(world.db.client, world.names.archive, '510108', '2026-11')).toMatchObject({ archivedAt: '2027-12-01T02:00:00+08:00' });

    // A second before the expiry the sweep (what TTL does) takes nothing of November's; after it, every closed task.
    expect((await sweepExpired(world.db.client, world.names, toMillis('2027-12-31T23:59:59+08:00'))).tasks ?? 0).toBe(0);
    const swept = await sweepExpired(world.db.client, world.names, toMillis('2028-01-01T00:00:00+08:00'));
    expect(swept.tasks).toBeGreaterThanOrEqual(visited.length);
    for (const t of visited) expect(await repos.tasks.get(t.elderId, t.taskId)).toBeUndefined();
    expect((await repos.tasks.get(missed.elderId, missed.taskId))?.state).toBe('missed');

    const after = await november('2028-01-02T10:00:00+08:00');
    expect(after.archives).toEqual(before.archives);
    expect(after.countyRates).toEqual(before.countyRates);
    expect(after.visitorRates).toEqual(before.visitorRates);
    expect(after.monthly).toEqual(before.monthly);
    expect(before.archives.some((a) => a.routine.visited > 0)).toBe(true);

    // A rerun after the expiry (a backfill, a retry) adds to the archive and never drops what it kept.
    await archiveClosedTasks({ ...repos, clock: world.clock, runtime }, { months: ['2026-11'] });
    expect((await november('2028-01-02T10:00:00+08:00')).countyRates).toEqual(before.countyRates);
  });
});
