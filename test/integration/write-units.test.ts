import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemSize } from '../../shared/adapters/dynamodb/metering';
import { taskItem } from '../../shared/adapters/dynamodb/task-repository';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { generateTasks } from '../../shared/app/generate-tasks';
import { recordVisit } from '../../shared/app/record-visit';
import type { Task } from '../../shared/domain/task/task';
import { Random } from '../../cli/simulation/random';
import { visitForm } from '../../cli/simulation/visit-form';
import { deliver } from '../helpers/deliver';
import { meterWrites, totalOf } from '../helpers/write-ledger';
import type { MeteredWrite } from '../helpers/write-ledger';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

/*
 * What a task costs over its life, as DynamoDB meters it (one unit per started KB of the item,
 * and of each index entry put or deleted; see metering.ts), measured on what the adapters really
 * store: every write of the real use cases is read before and after (write-ledger.ts).
 *
 * What each unit buys. A task must be found by its visitor (openByVisitor: the inbox, leave, moves),
 * by the time it next needs attention (openByAttention: escalation), by its area and month
 * (byAreaMonth: rates, reports, spot checks, the archive pass) and, once its window's outcome is
 * fixed, by the visitor answerable for it (closedByVisitor: per-visitor rates). Entering and
 * leaving a sparse index cost one unit each whatever the projection.
 *
 * At creation: the item (1, under 1 KB) and the two open indexes (1 + 1) = 3. A task still with
 * its visitor and no fixed outcome is not in byAreaMonth (taskItem, inAreaIndex): area readers
 * take those from openByVisitor for the visitors who may hold the area's tasks
 * (whoMayHold), and the task enters byAreaMonth with the write that fixes its outcome
 * (the visit, the miss, the cancellation), which rewrites the item and leaves both open indexes
 * anyway. A routine life is then 3 + (1 + 1 + 1 + byAreaMonth 1 + closedByVisitor 1) = 8, one
 * less than the 9 of a task in byAreaMonth from its creation; 8 is the floor of this access-pattern
 * set (two writes of the item, in and out of two open indexes, into two closed ones).
 *
 * Merging closedByVisitor into byAreaMonth would save the last unit, but a visitor's rate would
 * then read every task of their area's month (a township's thousands for one visitor's dozens),
 * and a visitor who worked in two townships in a month (a move, a cover) would need both; kept.
 */
const CREATION_UNITS = 3;
const ROUTINE_LIFE_UNITS = 8;
/** Missed, then three ladder steps over three days (34 units with whole-item projections, 23 with byAreaMonth from creation). */
const ESCALATED_LIFE_UNITS = 22;

const ofTask = (writes: readonly MeteredWrite[], t: Task) => writes.filter((w) => w.table === 'tasks' && w.key === `${t.elderId}|${t.taskId}`);

let world: World;
let writes: MeteredWrite[];
let visited: Task[];
let escalated: Task[];

beforeAll(async () => {
  world = await newWorld();
  const ledger = await loadLedger(world, { elders: 40 });
  world.clock.set('2026-11-01T06:00:00+08:00');
  const meter = meterWrites(world.db.client, world.names);
  writes = meter.writes;
  await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
  const tasks: Task[] = [];
  for (const r of ledger.registrations) tasks.push(...(await world.repos.tasks.forElder(r.id)));
  // Key elders' first half of November (due 15 Nov 23:59:59), each with a visitor.
  const keyTasks = tasks.filter((t) => t.kind === 'routine' && t.visitorId !== undefined && t.tier === 'key' && t.dueAt.startsWith('2026-11-15'));
  visited = keyTasks.slice(0, 3);
  escalated = keyTasks.slice(3);
  world.clock.set('2026-11-10T10:00:00+08:00');
  for (const t of visited) await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, visitForm(t, t.visitorId!, world.clock.now(), 'home', new Random(1)));
  for (const at of ['2026-11-16T00:05:00+08:00', '2026-11-17T00:05:00+08:00', '2026-11-18T00:05:00+08:00', '2026-11-19T00:05:00+08:00']) {
    world.clock.set(at);
    await escalateOverdue({ ...world.repos, clock: world.clock, runtime: world.runtime });
  }
  await deliver(world);
  meter.stop();
}, 120_000);

describe('Write units per item, index entries included (DynamoDB metering from item sizes)', () => {
  it(`costs ${CREATION_UNITS} units to generate a routine task with its visitor: the item and its two open index entries, no byAreaMonth entry yet`, () => {
    // The first write of every task generated here (routine and others, with a visitor or left open).
    const generated = new Map<string, MeteredWrite>();
    for (const w of writes) if (w.table === 'tasks' && !generated.has(w.key)) generated.set(w.key, w);
    expect(generated.size).toBeGreaterThanOrEqual(40);
    for (const t of [...visited, ...escalated]) {
      const created = ofTask(writes, t)[0]!;
      expect(created.cost).toEqual({ table: 1, indexes: { openByVisitor: 1, openByAttention: 1, byAreaMonth: 0, closedByVisitor: 0, escalatedByArea: 0 }, total: CREATION_UNITS });
    }
    for (const w of generated.values()) expect(w.cost.total).toBeLessThanOrEqual(CREATION_UNITS);
  });

  it(`costs ${ROUTINE_LIFE_UNITS} units for a routine task's life: generated with its visitor, completed in time by a home visit (its outcome fixed then)`, () => {
    expect(visited.length).toBeGreaterThan(0);
    for (const t of visited) {
      const life = ofTask(writes, t);
      expect(life.map((w) => w.command)).toEqual(['Put', 'Put']);
      const cost = totalOf(life);
      expect(cost.total).toBeLessThanOrEqual(ROUTINE_LIFE_UNITS);
      // The item stays under 1 KB (one unit a write) and no index pays for an update of the same entry.
      expect(cost.table).toBe(2);
      expect(cost.indexes).toEqual({ openByVisitor: 2, openByAttention: 2, byAreaMonth: 1, closedByVisitor: 1, escalatedByArea: 0 });
      expect(cost.total).toBe(ROUTINE_LIFE_UNITS);
    }
  });

  it('keeps a closed routine task under 1 KB with room for longer ids (no index key it is not in)', async () => {
    const stored = taskItem((await world.repos.tasks.get(visited[0]!.elderId, visited[0]!.taskId))!);
    expect(stored.visitorDue).toBeUndefined();
    expect(itemSize(stored)).toBeLessThan(950);
  });

  it(`costs at most ${ESCALATED_LIFE_UNITS} units for a key task missed and escalated three levels over three days`, () => {
    expect(escalated.length).toBeGreaterThan(0);
    for (const t of escalated) {
      const life = ofTask(writes, t);
      expect(life.length).toBeGreaterThanOrEqual(4);
      const cost = totalOf(life);
      expect(cost.total).toBeLessThanOrEqual(ESCALATED_LIFE_UNITS);
      // A ladder step moves the attention key (a delete and a put of keys) and costs the visitor's index nothing.
      expect(cost.indexes.openByVisitor).toBe(1);
      expect(cost.indexes.openByAttention).toBe(1 + 2 * (life.length - 1));
      // It enters byAreaMonth with the miss (its outcome fixed), and each later step rewrites the projected ladder.
      expect(cost.indexes.byAreaMonth).toBe(life.length - 1);
      expect(cost.indexes.closedByVisitor).toBe(1);
    }
  });

  it('costs 3 units to queue an outbox message (the item, its ready and recipient entries), 3 for each later page of generation merged into a digest, and 8 besides by the time it is sent', () => {
    const outbox = writes.filter((w) => w.table === 'outbox' && /^(assign|esc)#/.test(w.key));
    expect(outbox.length).toBeGreaterThan(0);
    const byKey = new Map<string, MeteredWrite[]>();
    for (const w of outbox) byKey.set(w.key, [...(byKey.get(w.key) ?? []), w]);
    expect([...byKey.values()].some((life) => life.length >= 2)).toBe(true);
    for (const [, life] of byKey) {
      expect(life[0]!.cost).toMatchObject({ table: 1, total: 3 });
      for (const w of life.slice(1)) expect(w.cost.total).toBeLessThanOrEqual(3);
      // Queued, claimed, sent: 3 + 3 + 2 (a receipt adds 2: the item and its recipient entry); generation
      // in chunks rewrites a visitor's digest once more for each later page holding their elders.
      // Each merge (a later page, another escalation step in the window) costs what queueing did; a
      // digest not sent yet ends on a 3-unit merge where a sent one ends on the 2-unit send (the + 1).
      const merges = Math.max(0, life.length - 3);
      expect(totalOf(life).total).toBeLessThanOrEqual(8 + 3 * merges + 1);
    }
  });
});
