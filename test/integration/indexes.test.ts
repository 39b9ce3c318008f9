import { afterAll, describe, expect, it } from 'vitest';
import { bulkPutTasks, syntheticTask } from '../helpers/bulk';
import { newWorld, stopDynamo } from '../helpers/world';

afterAll(stopDynamo);

describe('Sparse indexes on dynalite', () => {
  it('reads back every one of 8,000 tasks due at the same second (many pages of equal due times)', async () => {
    const world = await newWorld();
    const tasks = Array.from({ length: 8_000 }, (_, i) => syntheticTask(i, '2026-11-30T23:59:59+08:00'));
    await bulkPutTasks(world.db.client, world.names.tasks, tasks);
    const due = await world.repos.tasks.needingAttention('2026-12-01T00:05:00+08:00', 20_000);
    expect(new Set(due.map((t) => t.elderId)).size).toBe(8_000);
    expect(await world.repos.tasks.needingAttention('2026-11-30T23:59:58+08:00', 20_000)).toHaveLength(0);
    expect(await world.repos.tasks.needingAttention('2026-11-30T23:59:59+08:00', 20_000)).toHaveLength(8_000);
  });
});
