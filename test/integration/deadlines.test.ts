import { afterAll, describe, expect, it } from 'vitest';
import { acknowledgeTask } from '../../shared/app/supervise';
import { LocalSchedules } from '../../shared/adapters/local/local-schedules';
import { escalatedWorld } from '../helpers/escalated-world';
import { stopDynamo } from '../helpers/world';

afterAll(stopDynamo);

describe('Deadlines on the scheduler, on dynalite', () => {
  it('wakes escalation at the minute an acknowledgement ends, once however many tasks end then', async () => {
    const world = await escalatedWorld();
    const page = await world.repos.tasks.escalatedInArea(['510108'], undefined, 2);
    expect(page.items.length).toBe(2);
    const schedules = new LocalSchedules();
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime, deadlines: schedules };
    for (const task of page.items) await acknowledgeTask(deps, { elderId: task.elderId, taskId: task.taskId, by: 'admin-1' });
    const until = (await world.repos.tasks.get(page.items[0]!.elderId, page.items[0]!.taskId))!.escalation!.acknowledged!.until;
    expect(schedules.list().filter((s) => s.target === 'escalate-overdue' && s.expression.startsWith('at('))).toEqual([
      { name: `escalate-overdue-${until.slice(0, 16).replace(/\D/g, '')}`, state: 'ENABLED', expression: `at(${until})`, target: 'escalate-overdue' },
    ]);
  });
});
