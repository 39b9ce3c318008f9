import { afterAll, describe, expect, it } from 'vitest';
import { generateTasks } from '../../shared/app/generate-tasks';
import { recordVisit } from '../../shared/app/record-visit';
import { ValidationError } from '../../shared/domain/validation';
import { ScriptedGateway } from '../fakes/scripted-gateway';
import { deliver } from '../helpers/deliver';
import { visitForm } from '../../cli/simulation/visit-form';
import { Random } from '../../cli/simulation/random';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

describe('Outbox on dynalite', () => {
  it('holds the 06:00 digests until quiet hours end at 08:00, then sends each once even with two senders', async () => {
    const world = await newWorld();
    await loadLedger(world);
    world.clock.set('2026-11-01T06:00:00+08:00');
    const report = await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const gateway = new ScriptedGateway();
    expect(await deliver(world, gateway)).toMatchObject({ considered: 0 });
    world.clock.set('2026-11-01T08:00:00+08:00');
    const [a, b] = await Promise.all([deliver(world, gateway), deliver(world, gateway)]);
    const deliverable = report.digestsQueued - report.digestsUndeliverable;
    expect(a.sent + b.sent).toBe(deliverable);
    const sent = gateway.requests.flatMap((r) => r.recipients);
    expect(sent).toHaveLength(deliverable);
    expect(new Set(sent.map((s) => s.reference)).size).toBe(deliverable);
    expect(await deliver(world, gateway)).toMatchObject({ considered: 0 });
    expect(gateway.requests.every((r) => r.templateId === 'assignment_digest' && r.text.startsWith('【成华民政】') && !/\d{11}/.test(r.text))).toBe(true);
  });
});

describe('Recording a visit on dynalite', () => {
  async function firstTask() {
    const world = await newWorld();
    const ledger = await loadLedger(world, { elders: 12 });
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const reg = ledger.registrations.find((r) => r.visitorId !== undefined)!;
    const [task] = await world.repos.tasks.forElder(reg.id);
    return { world, task: task!, visitorId: reg.visitorId! };
  }

  it('completes the task with a home visit inside the window, and a resubmission changes nothing', async () => {
    const { world, task, visitorId } = await firstTask();
    world.clock.set('2026-11-05T10:00:00+08:00');
    const form = visitForm(task, visitorId, world.clock.now(), 'home', new Random(1));
    const first = await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, form);
    expect(first).toMatchObject({ stored: true, visit: { sequence: 1, counted: true }, task: { state: 'completed', visitId: form.visitId } });
    const again = await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, form);
    expect(again.stored).toBe(false);
    expect(await world.repos.visits.forElder(task.elderId)).toHaveLength(1);
    expect((await world.repos.tasks.get(task.elderId, task.taskId))?.version).toBe(first.task.version);
    expect(await world.repos.tasks.openForVisitor(visitorId)).not.toContainEqual(expect.objectContaining({ taskId: task.taskId, elderId: task.elderId }));
  });

  it('stores a phone call where a home visit is required, but does not complete the task', async () => {
    const { world, task, visitorId } = await firstTask();
    world.clock.set('2026-11-05T10:00:00+08:00');
    const result = await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, visitForm(task, visitorId, world.clock.now(), 'phone', new Random(1)));
    expect(result.visit).toMatchObject({ counted: false, notCountedReason: 'a phone visit does not count: this elder needs a home visit (上门入户)' });
    expect(result.task.state).toBe('assigned');
    expect(result.task.history.at(-1)).toMatchObject({ event: 'visit_not_counted' });
  });

  it('refuses a visit by someone else than the assigned visitor, and a bad form, naming the field', async () => {
    const { world, task, visitorId } = await firstTask();
    const form = visitForm(task, visitorId, world.clock.now(), 'home', new Random(1));
    await expect(recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, { ...form, visitorId: 'intruder' })).rejects.toThrow('visitorId: task');
    const bad = { ...form, health: { ...form.health, illness: { status: 'serious' } } };
    await expect(recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, bad)).rejects.toBeInstanceOf(ValidationError);
    await expect(recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, bad)).rejects.toThrow('health.illness.disease: name the disease when the illness is serious');
    expect(await world.repos.visits.forElder(task.elderId)).toHaveLength(0);
  });
});
