import { afterAll, describe, expect, it } from 'vitest';
import { archivedMonth, DynamoTaskArchive } from '../../shared/adapters/dynamodb/task-archive';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { generateTasks } from '../../shared/app/generate-tasks';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';

afterAll(stopDynamo);

const byRef = (t: { elderId: string; taskId: string }) => `${t.elderId}#${t.taskId}`;
const byKey = (a: { elderId: string; taskId: string }, b: { elderId: string; taskId: string }) => `${a.elderId}#${a.taskId}`.localeCompare(`${b.elderId}#${b.taskId}`);

describe('The archive pass, killed half-way', () => {
  it('writes its month marker only once every item is written, and a rerun completes the month exactly', async () => {
    const world = await newWorld();
    await loadLedger(world, { elders: 30 });
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const generated = (await world.repos.tasks.inAreaMonth('510108', '2026-11')).sort(byKey);
    expect(generated.length).toBeGreaterThan(25);
    // The pass archives tasks whose outcome is fixed (the ones that expire): November's, once December's escalation run marked them missed.
    world.clock.set('2026-12-01T00:30:00+08:00');
    await escalateOverdue({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const hot = (await world.repos.tasks.inAreaMonth('510108', '2026-11')).sort(byKey);
    expect(hot.map(byRef)).toEqual(generated.map(byRef));
    expect(hot.every((t) => t.state === 'missed')).toBe(true);

    // The second batch write fails: the run dies with part of the month written.
    let writes = 0;
    world.db.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (String(context.commandName).startsWith('BatchWrite') && ++writes === 2) throw new Error('killed');
        return next(args);
      },
      { step: 'initialize', name: 'killSecondBatchWrite' },
    );
    const archive = new DynamoTaskArchive(world.db.client, { tasks: world.names.tasks, archive: world.names.archive });
    await expect(archive.archiveMonth('510108', '2026-11', '2027-12-01T02:30:00+08:00')).rejects.toThrow('killed');
    world.db.client.middlewareStack.remove('killSecondBatchWrite');
    expect(await archivedMonth(world.db.client, world.names.archive, '510108', '2026-11')).toBeUndefined();

    const pass = await archive.archiveMonth('510108', '2026-11', '2027-12-01T02:31:00+08:00');
    expect(pass.tasks).toBe(hot.length);
    expect(await archivedMonth(world.db.client, world.names.archive, '510108', '2026-11')).toEqual({ archivedAt: '2027-12-01T02:31:00+08:00', tasks: hot.length });
    expect((await archive.areaMonth('510108', '2026-11')).sort(byKey)).toEqual(hot);
    // A village narrows the archive as it narrows the index; nothing of another county or month shows.
    const village = hot[0]!.villageCode;
    expect((await archive.areaMonth(village, '2026-11')).sort(byKey)).toEqual(hot.filter((t) => t.villageCode === village));
    expect(await archive.areaMonth('510109', '2026-11')).toEqual([]);
    expect(await archive.areaMonth('510108', '2026-12')).toEqual([]);
    const elder = hot[0]!.elderId;
    expect((await archive.forElder(elder)).map((t) => t.taskId).sort()).toEqual(
      hot
        .filter((t) => t.elderId === elder)
        .map((t) => t.taskId)
        .sort(),
    );
    // Twice more: the same month, the same tasks, nothing doubled.
    await archive.archiveMonth('510108', '2026-11', '2027-12-01T02:32:00+08:00');
    expect((await archive.areaMonth('510108', '2026-11')).sort(byKey)).toEqual(hot);
    expect(await archive.forElder(elder)).toHaveLength(hot.filter((t) => t.elderId === elder).length);
  });
});
