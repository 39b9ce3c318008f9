import { afterAll, describe, expect, it } from 'vitest';
import { generateTasks } from '../../shared/app/generate-tasks';
import { registerElder } from '../../shared/app/register-elder';
import { residentIdCheckChar } from '../../shared/domain/elder/id-number';
import type { OutboxMessage } from '../../shared/domain/sms/message';
import type { Outbox, TaskRepository } from '../../shared/ports';
import { allTasks, loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const run = (world: World, overrides: Partial<Parameters<typeof generateTasks>[0]> = {}) => generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime, ...overrides });

/** What a visitor's digest says and covers, without the times and versions of its writes. */
const digestShapes = (found: OutboxMessage[]) => found.map((m) => ({ id: m.messageId, text: m.text, refs: m.taskRefs })).sort((a, b) => a.id.localeCompare(b.id));

async function digests(world: World, visitorIds: string[], date: string) {
  const found = [];
  for (const id of visitorIds) {
    const m = await world.repos.outbox.get(`assign#${id}#${date}`);
    if (m) found.push(m);
  }
  return found;
}

describe('generate-tasks on dynalite', () => {
  it('creates each elder’s windows that open within the horizon, assigned to their visitor', async () => {
    const world = await newWorld();
    const ledger = await loadLedger(world);
    world.clock.set('2026-11-01T06:00:00+08:00');
    const report = await run(world);
    const ids = ledger.registrations.map((r) => r.id);
    const tasks = await allTasks(world, ids);
    expect(report.eldersRead).toBe(ids.length);
    expect(report.tasksCreated).toBe(tasks.size);
    // Sichuan: key elders half-monthly (Nov 1–15; Nov 16 is beyond the 3-day horizon), general monthly.
    for (const [key, t] of tasks) {
      expect(key).toMatch(t.tier === 'key' ? /#2026-11-H1#1$/ : /#2026-11#1$/);
    }
    const withVisitor = ledger.registrations.filter((r) => r.visitorId !== undefined).length;
    expect([...tasks.values()].filter((t) => t.state === 'assigned')).toHaveLength(withVisitor);
    expect(report.tasksUnassigned).toBe(ids.length - withVisitor);
  });

  it('creates nothing and sends nothing more when run twice', async () => {
    const world = await newWorld();
    const ledger = await loadLedger(world);
    world.clock.set('2026-11-01T06:00:00+08:00');
    const first = await run(world);
    const before = await allTasks(
      world,
      ledger.registrations.map((r) => r.id),
    );
    const second = await run(world);
    expect(second.tasksCreated).toBe(0);
    expect(second.digestsQueued).toBe(0);
    expect(
      await allTasks(
        world,
        ledger.registrations.map((r) => r.id),
      ),
    ).toEqual(before);
    expect(first.digestsQueued).toBeGreaterThan(0);
  });

  it('ends with the same tasks and one digest per visitor when two runs race', async () => {
    const solo = await newWorld();
    const ledger = await loadLedger(solo);
    solo.clock.set('2026-11-01T06:00:00+08:00');
    await run(solo);
    const expected = await allTasks(
      solo,
      ledger.registrations.map((r) => r.id),
    );

    const world = await newWorld();
    await loadLedger(world);
    world.clock.set('2026-11-01T06:00:00+08:00');
    const [a, b] = await Promise.all([run(world, { concurrency: 3 }), run(world, { concurrency: 5 })]);
    expect(
      await allTasks(
        world,
        ledger.registrations.map((r) => r.id),
      ),
    ).toEqual(expected);
    expect(a.tasksCreated + b.tasksCreated).toBe(expected.size);
    const visitors = ledger.people.filter((p) => p.roles.includes('visitor')).map((p) => p.personId);
    expect(a.digestsQueued + b.digestsQueued).toBe((await digests(world, visitors, '2026-11-01')).length);
  });

  it('finishes exactly once after a crash half-way through creating tasks, with one digest per visitor holding every task', async () => {
    const solo = await newWorld();
    const ledger = await loadLedger(solo);
    solo.clock.set('2026-11-01T06:00:00+08:00');
    await run(solo);
    const expected = await allTasks(
      solo,
      ledger.registrations.map((r) => r.id),
    );
    const visitors = ledger.people.filter((p) => p.roles.includes('visitor')).map((p) => p.personId);
    const expectedDigests = digestShapes(await digests(solo, visitors, '2026-11-01'));

    const world = await newWorld();
    await loadLedger(world);
    world.clock.set('2026-11-01T06:00:00+08:00');
    let creates = 0;
    const crashing: TaskRepository = {
      ...world.repos.tasks,
      createIfAbsent: async (task) => {
        if (++creates > 25) throw new Error('Lambda timed out');
        return world.repos.tasks.createIfAbsent(task);
      },
      get: (...a) => world.repos.tasks.get(...a),
    };
    await expect(run(world, { tasks: crashing, concurrency: 1, pageSize: 5 })).rejects.toThrow('Lambda timed out');
    // The pages before the crash committed: some digests exist already, each with its tasks.
    expect((await digests(world, visitors, '2026-11-01')).length).toBeGreaterThan(0);
    await run(world);
    expect(
      await allTasks(
        world,
        ledger.registrations.map((r) => r.id),
      ),
    ).toEqual(expected);
    expect(digestShapes(await digests(world, visitors, '2026-11-01'))).toEqual(expectedDigests);
  });

  it('queues no second digest when it crashes after writing some and runs again', async () => {
    const solo = await newWorld();
    const ledger = await loadLedger(solo);
    solo.clock.set('2026-11-01T06:00:00+08:00');
    await run(solo);
    const visitors = ledger.people.filter((p) => p.roles.includes('visitor')).map((p) => p.personId);
    const expectedDigests = digestShapes(await digests(solo, visitors, '2026-11-01'));

    const world = await newWorld();
    await loadLedger(world);
    world.clock.set('2026-11-01T06:00:00+08:00');
    const outbox = world.repos.outbox;
    let written = 0;
    const crashing: Outbox = Object.assign(Object.create(Object.getPrototypeOf(outbox) as object) as Outbox, outbox, {
      putDigest: async (m: Parameters<Outbox['putDigest']>[0], v: number | undefined) => {
        if (++written > 3) throw new Error('crash');
        return outbox.putDigest(m, v);
      },
    });
    await expect(run(world, { outbox: crashing, concurrency: 1, pageSize: 5 })).rejects.toThrow('crash');
    const rerun = await run(world);
    expect(rerun.digestsExisting + rerun.digestsMerged).toBeGreaterThan(0);
    const all = await digests(world, visitors, '2026-11-01');
    expect(new Set(all.map((m) => m.recipientId)).size).toBe(all.length);
    expect(digestShapes(all)).toEqual(expectedDigests);
  });

  it('stops giving tasks to an elder who withdrew consent, and cancels their open tasks', async () => {
    const world = await newWorld();
    const ledger = await loadLedger(world, { elders: 12 });
    world.clock.set('2026-11-01T06:00:00+08:00');
    await run(world);
    const elder = ledger.registrations[0]!;
    world.clock.set('2026-11-05T10:00:00+08:00');
    const result = await registerElder({ ...world.repos, clock: world.clock, runtime: world.runtime }, { ...elder, consent: { ...elder.consent, visits: false, homeVisits: false } });
    expect(result.tasksCancelled).toBe(1);
    const [task] = await world.repos.tasks.forElder(elder.id);
    expect(task).toMatchObject({ state: 'cancelled', closedReason: 'the elder withdrew consent to visits' });
    world.clock.set('2026-12-01T06:00:00+08:00');
    await run(world);
    expect(await world.repos.tasks.forElder(elder.id)).toHaveLength(1);
    expect(await world.repos.elders.get(elder.id)).toMatchObject({ consent: { visits: false } });
  });

  it('keeps the history of an elder who moved out and stops their tasks from the status date', async () => {
    const world = await newWorld();
    const ledger = await loadLedger(world, { elders: 12 });
    world.clock.set('2026-11-01T06:00:00+08:00');
    await run(world);
    const elder = ledger.registrations[1]!;
    await registerElder({ ...world.repos, clock: world.clock, runtime: world.runtime }, { ...elder, status: { state: 'moved', since: '2026-11-03', note: '随子女迁往外地' } });
    const record = await world.repos.elders.get(elder.id);
    expect(record?.status).toEqual({ state: 'moved', since: '2026-11-03', note: '随子女迁往外地' });
    expect(record?.statusHistory).toEqual([elder.status]);
    world.clock.set('2026-11-28T06:00:00+08:00');
    expect(await run(world)).toMatchObject({ eldersRead: 12, eldersRetired: 1, eldersGenerated: 11 });
    expect(await run(world)).toMatchObject({ eldersRead: 0 });
    world.clock.set('2026-12-13T06:00:00+08:00');
    expect((await run(world)).eldersRead).toBeLessThan(12);
    const tasks = await world.repos.tasks.forElder(elder.id);
    expect(tasks.map((t) => [t.taskId, t.state])).toEqual([[tasks[0]!.taskId, 'cancelled']]);
  });

  it('applies a change of tier from the next period: turning 80 makes a lone elder key from the next half month', async () => {
    const world = await newWorld();
    const ledger = await loadLedger(world, { elders: 5 });
    const base = ledger.registrations[0]!;
    // Born 1946-11-10: 79 on 2026-11-01, 80 from 2026-11-10. Living alone, nothing else.
    await registerElder(
      { ...world.repos, clock: world.clock, runtime: world.runtime },
      { ...base, id: 'E900001', residentId: idBornOn(base.residentId, '19461110'), categories: ['living_alone'], abilityLevel: 'intact', bedridden: false, mobilityImpaired: false, dementia: false, disability: undefined },
    );
    for (const day of ['2026-11-01', '2026-11-28', '2026-12-13']) {
      world.clock.set(`${day}T06:00:00+08:00`);
      await run(world);
    }
    const tasks = await world.repos.tasks.forElder('E900001');
    expect(tasks.map((t) => [t.taskId, t.tier])).toEqual([
      ['2026-11#1', 'general'],
      ['2026-12-H1#1', 'key'],
      ['2026-12-H2#1', 'key'],
    ]);
  });

  it('keeps a digest for a visitor with no phone as undeliverable, visible in the report', async () => {
    const world = await newWorld();
    const ledger = await loadLedger(world, { elders: 5 });
    const noPhone = ledger.people.find((p) => p.roles.includes('visitor') && p.phone === undefined)!;
    await registerElder(
      { ...world.repos, clock: world.clock, runtime: world.runtime },
      { ...ledger.registrations[0]!, id: 'E900002', residentId: idBornOn(ledger.registrations[0]!.residentId, '19500101'), visitorId: noPhone.personId, residence: { ...ledger.registrations[0]!.residence, areaCode: noPhone.areaCode } },
    );
    world.clock.set('2026-11-01T06:00:00+08:00');
    const report = await run(world);
    const message = await world.repos.outbox.get(`assign#${noPhone.personId}#2026-11-01`);
    expect(message).toMatchObject({ state: 'undeliverable', lastError: 'the recipient has no phone number on the roster' });
    expect(report.digestsUndeliverable).toBe(1);
  });

  // The kill test's finding (issue 15): the first page's write made the digest undeliverable,
  // every later page found it "closed" and dropped its tasks, so which tasks it held depended on
  // which page merged first. The office reads these digests to tell unreachable visitors.
  it('gathers every page’s tasks into the digest of a visitor with no phone, not just the first page’s', async () => {
    const world = await newWorld();
    const ledger = await loadLedger(world, { elders: 5 });
    const noPhone = ledger.people.find((p) => p.roles.includes('visitor') && p.phone === undefined)!;
    const template = ledger.registrations[0]!;
    const ids = ['E900003', 'E900004', 'E900005'];
    for (const [i, id] of ids.entries()) {
      const residence = { ...template.residence, areaCode: noPhone.areaCode };
      await registerElder({ ...world.repos, clock: world.clock, runtime: world.runtime }, { ...template, id, residentId: idBornOn(template.residentId, `1950010${i + 1}`), visitorId: noPhone.personId, residence });
    }
    world.clock.set('2026-11-01T06:00:00+08:00');
    // One elder per page: each page merges into the digest the first one wrote.
    await run(world, { pageSize: 1, concurrency: 1 });
    const all = await allTasks(world, [...ledger.registrations.map((r) => r.id), ...ids]);
    const theirs = [...all].filter(([, t]) => t.visitorId === noPhone.personId).map(([ref]) => ref);
    expect(theirs.length).toBeGreaterThanOrEqual(ids.length);
    const message = await world.repos.outbox.get(`assign#${noPhone.personId}#2026-11-01`);
    expect(message).toMatchObject({ state: 'undeliverable', params: { count: String(theirs.length) } });
    expect(message?.taskRefs).toEqual(theirs.sort());
  });
});

/** The same ID with another birth date and a recomputed check digit. */
function idBornOn(id: string, yyyymmdd: string): string {
  const body = `${id.slice(0, 6)}${yyyymmdd}${id.slice(14, 17)}`;
  return `${body}${residentIdCheckChar(body)}`;
}
