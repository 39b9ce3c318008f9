import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { generateTasks } from '../../shared/app/generate-tasks';
import type { Person } from '../../shared/domain/people/person';
import { loadLedger, newWorld, savePeople } from './world';
import type { World } from './world';

/**
 * A Chengdu district in the middle of November: a synthetic ledger of 60 elders, tasks generated
 * for both halves of the month, the first half's key visits overdue and escalated (so inboxes
 * have work), the clock on 20 November at 10:00, and the extra people a test names.
 */
export async function escalatedWorld(people: Person[] = []): Promise<World> {
  const world = await newWorld('sichuan', '2026-11-01T06:00:00+08:00');
  await loadLedger(world, { elders: 60 });
  await savePeople(world, [{ personId: 'admin-1', name: '管理员', roles: ['admin'], areaCode: '510108', active: true }, ...people]);
  const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
  await generateTasks(deps);
  world.clock.set('2026-11-16T06:00:00+08:00');
  await generateTasks(deps);
  world.clock.set('2026-11-20T10:00:00+08:00');
  await escalateOverdue(deps);
  return world;
}
