import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { applyOccasion } from '../../shared/app/apply-occasion';
import { ingestAlert } from '../../shared/app/ingest-alert';
import { openFestivals } from '../../shared/app/festivals';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import type { DeliverOutboxDeps } from '../../shared/app/send-sms';
import { deliver as deliverWith } from '../helpers/deliver';
import { ScriptedGateway } from '../fakes/scripted-gateway';
import type { Task } from '../../shared/domain/task/task';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const TOWNSHIP = '510108001';

function redHeat(over: Record<string, unknown> = {}) {
  return {
    identifier: 'heat-1',
    sender: '成华区气象台',
    sent: '2026-10-17T20:00:00+08:00',
    event: 'heat',
    level: 'red',
    areaCodes: [TOWNSHIP],
    onset: '2026-10-17T22:00:00+08:00',
    expires: '2026-10-19T20:00:00+08:00',
    ...over,
  };
}

async function specialTasks(world: World & { elderIds: string[] }): Promise<Task[]> {
  const out: Task[] = [];
  for (const elderId of world.elderIds) for (const t of await world.repos.tasks.forElder(elderId)) if (t.kind === 'special') out.push(t);
  return out;
}

const deliver = (world: World, extra: Partial<DeliverOutboxDeps> = {}) => deliverWith(world, extra.gateway, { limit: 10_000, ...extra });

describe('special periods on dynalite', () => {
  let world: World & { elderIds: string[]; visitorIds: string[] };
  beforeEach(async () => {
    const w = await newWorld('sichuan', '2026-10-17T20:00:00+08:00');
    const ledger = await loadLedger(w, { elders: 80, asOf: '2026-10-01' });
    world = Object.assign(w, { elderIds: ledger.registrations.map((r) => r.id), visitorIds: ledger.people.filter((p) => p.roles.includes('visitor')).map((p) => p.personId) });
  });

  /** Visitor notices kept as undeliverable (the ledger has a visitor with no phone). */
  const undeliverable = async (occasionId: string) => {
    let n = 0;
    for (const v of world.visitorIds) if ((await world.repos.outbox.get(`occasion#${occasionId}#visitor#${v}`))?.state === 'undeliverable') n++;
    return n;
  };

  const apply = (id: string) => applyOccasion({ ...world.repos, clock: world.clock, runtime: world.runtime }, id);

  it('an alert ingested twice adds nothing the second time; only the affected township gets tasks', async () => {
    const first = await ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat() });
    expect(first).toMatchObject({ outcome: 'accepted', occasionId: 'alert:heat-1', apply: true });
    const r1 = await apply(first.occasionId);
    expect(r1.tasksCreated).toBeGreaterThan(0);
    expect(r1.tasksCreated).toBe(r1.elders);
    expect(r1.visitorNotices).toBeGreaterThan(0);
    expect(r1.familyNotices).toBeGreaterThan(0);
    const again = await ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat() });
    expect(again).toMatchObject({ outcome: 'duplicate', apply: false });
    const r2 = await apply(first.occasionId);
    // Applying the same revision again walks nothing: each of its parts is stored as done.
    expect(r2).toMatchObject({ tasksCreated: 0, visitorNotices: 0, familyNotices: 0, elders: 0, parts: r1.parts, completed: true });
    expect(await world.repos.occasions.stats(first.occasionId)).toMatchObject({ tasksCreated: r1.tasksCreated, noticesQueued: r1.visitorNotices + r1.familyNotices });
    const tasks = await specialTasks(world);
    expect(tasks).toHaveLength(r1.tasksCreated);
    expect(new Set(tasks.map((t) => t.townshipCode))).toEqual(new Set([TOWNSHIP]));
    // Key elders go home within 24 h, the others are called within 12 h of the alert taking effect.
    for (const t of tasks) expect(t.dueAt).toBe(t.tier === 'key' ? '2026-10-18T22:00:00+08:00' : '2026-10-18T10:00:00+08:00');
  });

  it('a red alert is urgent: its notices go during quiet hours (22:00)', async () => {
    world.clock.set('2026-10-17T22:30:00+08:00');
    const { occasionId } = await ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat() });
    const r = await apply(occasionId);
    const report = await deliver(world);
    expect(report.sent).toBe(r.visitorNotices + r.familyNotices - (await undeliverable(occasionId)));
    expect(report.sent).toBeGreaterThan(0);
    // The occasion's counters say what was queued and sent, for `alert show` and the logs.
    expect(await world.repos.occasions.stats(occasionId)).toMatchObject({ elders: r.elders, tasksCreated: r.tasksCreated, noticesQueued: r.visitorNotices + r.familyNotices, noticesSent: report.sent, noticesFailed: 0 });
  });

  it("sends a warning's family notices in batches, each keeping its elders' special tasks for a reply", async () => {
    world.clock.set('2026-10-17T22:30:00+08:00');
    const { occasionId } = await ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat() });
    const r = await apply(occasionId);
    expect(r.familyNotices).toBeGreaterThan(1);
    const gateway = new ScriptedGateway(undefined, 1000);
    const report = await deliver(world, { gateway });
    const family = gateway.requests.filter((q) => q.templateId === 'weather_family_heat_reply');
    expect(family).toHaveLength(1);
    expect(family[0]).toMatchObject({
      params: [
        { name: 'warning', value: '高温红色' },
        { name: 'until', value: '19日20时' },
      ],
    });
    expect(family[0]!.recipients).toHaveLength(r.familyNotices);
    expect(report.calls).toBeLessThan(report.sent);
    const [first] = family[0]!.recipients;
    const notice = await world.repos.outbox.get(first!.reference);
    expect(notice).toMatchObject({ state: 'sent', replyTo: 'family', template: 'weather_family_heat_reply' });
    expect(notice!.taskRefs!.every((ref) => /^E\d+#S#2026-10-1\d$/.test(ref))).toBe(true);
    expect(await world.repos.replyTargets.latest(first!.phone, 'family')).toMatchObject({ messageId: first!.reference, taskRefs: notice!.taskRefs });
  });

  it('a yellow alert waits for the morning', async () => {
    world.clock.set('2026-10-17T22:30:00+08:00');
    const { occasionId } = await ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat({ level: 'yellow' }) });
    const r = await apply(occasionId);
    expect(r.visitorNotices).toBeGreaterThan(0);
    expect((await deliver(world)).sent).toBe(0);
    world.clock.set('2026-10-18T08:00:00+08:00');
    expect((await deliver(world)).sent).toBe(r.visitorNotices - (await undeliverable(occasionId)));
  });

  it('a cancel before the notices go out stops them and cancels the tasks only this alert asked for', async () => {
    world.clock.set('2026-10-17T22:30:00+08:00');
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
    const { occasionId } = await ingestAlert(deps, { json: redHeat({ level: 'yellow' }) });
    const r = await apply(occasionId);
    world.clock.set('2026-10-17T23:00:00+08:00');
    const cancel = await ingestAlert(deps, { json: redHeat({ identifier: 'heat-1-cancel', msgType: 'Cancel', references: ['heat-1'], sent: '2026-10-17T23:00:00+08:00' }) });
    expect(cancel).toMatchObject({ outcome: 'cancelled', occasionId, apply: true });
    const undo = await apply(occasionId);
    expect(undo.tasksCancelled).toBe(r.tasksCreated);
    world.clock.set('2026-10-18T08:00:00+08:00');
    const report = await deliver(world);
    expect(report).toMatchObject({ sent: 0, cancelled: r.visitorNotices - (await undeliverable(occasionId)) });
    expect(await world.repos.occasions.stats(occasionId)).toMatchObject({ noticesSent: 0, noticesCancelled: report.cancelled, tasksCancelled: r.tasksCreated });
    expect((await specialTasks(world)).every((t) => t.state === 'cancelled' && t.closedReason === 'alert:heat-1 was cancelled')).toBe(true);
    // An update arriving after the cancel changes nothing.
    expect(await ingestAlert(deps, { json: redHeat({ identifier: 'heat-1-late', msgType: 'Update', references: ['heat-1'], sent: '2026-10-17T21:00:00+08:00' }) })).toMatchObject({ outcome: 'stale', apply: false });
  });

  it('an alert and a festival on the same day give one extra task, which records both', async () => {
    world.clock.set('2026-10-14T06:00:00+08:00');
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
    expect(await openFestivals(deps, '2026-10-14')).toEqual(['festival:chongyang:2026']);
    expect(await openFestivals(deps, '2026-10-14')).toEqual([]);
    const festival = await apply('festival:chongyang:2026');
    expect(festival.tasksCreated).toBe(festival.elders);
    // Opened days ahead, its notices wait for the morning the visit windows open.
    const notice = await world.repos.outbox.get(`occasion#festival:chongyang:2026#visitor#${world.visitorIds[0]}`);
    expect(notice?.sendAfter).toBe('2026-10-15T09:00:00+08:00');
    world.clock.set('2026-10-17T20:00:00+08:00');
    const { occasionId } = await ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat({ onset: '2026-10-18T09:00:00+08:00' }) });
    const heat = await apply(occasionId);
    expect(heat.tasksCreated).toBe(0);
    expect(heat.tasksMerged).toBe(heat.elders);
    const tasks = (await specialTasks(world)).filter((t) => t.townshipCode === TOWNSHIP);
    expect(tasks).toHaveLength(heat.elders);
    expect(tasks.every((t) => t.taskId === 'S#2026-10-18' && t.occasions?.join() === 'festival:chongyang:2026,alert:heat-1')).toBe(true);
  });

  it('an update that widens the area adds the new elders only, and notifies only new recipients', async () => {
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
    const first = await apply((await ingestAlert(deps, { json: redHeat() })).occasionId);
    world.clock.set('2026-10-18T08:00:00+08:00');
    const update = await ingestAlert(deps, { json: redHeat({ identifier: 'heat-2', msgType: 'Update', references: ['heat-1'], sent: '2026-10-18T08:00:00+08:00', areaCodes: ['510108'] }) });
    expect(update).toMatchObject({ outcome: 'updated', occasionId: 'alert:heat-1' });
    const second = await apply(update.occasionId);
    expect(second.tasksExisting).toBe(first.tasksCreated);
    expect(second.tasksCreated).toBe(second.elders - first.elders);
    expect(second.noticesExisting).toBeGreaterThan(0);
    expect((await world.repos.occasions.stats('alert:heat-1')).elders).toBe(second.elders);
  });

  it('a spent monthly budget holds non-urgent SMS visibly and lets urgent ones through', async () => {
    world.clock.set('2026-10-18T09:00:00+08:00');
    const { occasionId } = await ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat({ level: 'yellow' }) });
    await apply(occasionId);
    const budget = { store: world.repos.budget, monthlySegments: 3 };
    const report = await deliver(world, { budget });
    expect(report.heldForBudget).toBeGreaterThan(0);
    expect(report.budgetExhausted).toMatchObject({ month: '2026-10', budget: 3 });
    expect(report.sent).toBeLessThanOrEqual(3);
    const urgent = await applyOccasion(
      { ...world.repos, clock: world.clock, runtime: world.runtime },
      (await ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat({ identifier: 'heat-9', areaCodes: ['510108002'] }) })).occasionId,
    );
    const after = await deliver(world, { budget });
    expect(after.sent).toBe(urgent.visitorNotices + urgent.familyNotices - (await undeliverable('alert:heat-9')));
    expect(after.heldForBudget).toBe(0);
  });

  it('rejects a malformed alert and stores nothing', async () => {
    await expect(ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat({ level: 'purple' }) })).rejects.toThrow(/level: must be one of/);
    expect(await world.repos.occasions.get('alert:heat-1')).toBeUndefined();
    expect(await world.repos.occasions.messageOccasion({ sender: '成华区气象台', identifier: 'heat-1', sent: '2026-10-17T20:00:00+08:00' })).toBeUndefined();
  });
  it('extra tasks escalate like any task once overdue', async () => {
    const { occasionId } = await ingestAlert({ ...world.repos, clock: world.clock, runtime: world.runtime }, { json: redHeat() });
    await apply(occasionId);
    world.clock.set('2026-10-19T09:00:00+08:00');
    const report = await escalateOverdue({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const tasks = await specialTasks(world);
    expect(tasks.length).toBeGreaterThan(0);
    // Key elders' tasks fell due at 22:00 the day before (ladder +0 h), the others at 10:00 (+24 h not yet reached).
    for (const t of tasks) {
      expect(t.state).toBe('missed');
      expect(t.escalation?.level ?? 0).toBe(t.tier === 'key' ? 1 : 0);
    }
    expect(report.escalatedByLevel['1']).toBe(tasks.filter((t) => t.tier === 'key').length);
  });
  it('an update from yellow to red tightens the tasks already made and tells their visitors again, once', async () => {
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
    const yellow = await apply((await ingestAlert(deps, { json: redHeat({ level: 'yellow' }) })).occasionId);
    expect(yellow.familyNotices).toBe(0);
    world.clock.set('2026-10-17T21:00:00+08:00');
    const upgrade = { identifier: 'heat-1-red', msgType: 'Update', references: ['heat-1'], sent: '2026-10-17T21:00:00+08:00' };
    expect(await ingestAlert(deps, { json: redHeat(upgrade) })).toMatchObject({ outcome: 'updated' });
    const red = await apply('alert:heat-1');
    expect(red.tasksCreated).toBe(0);
    // Key elders now need a home visit; everyone else a call within 12 h instead of 24 h.
    const tasks = await specialTasks(world);
    expect(red.tasksTightened).toBe(tasks.length);
    for (const t of tasks) expect([t.homeRequired, t.dueAt]).toEqual(t.tier === 'key' ? [true, '2026-10-18T22:00:00+08:00'] : [false, '2026-10-18T10:00:00+08:00']);
    expect(red.visitorNotices).toBeGreaterThan(0);
    expect(red.familyNotices).toBeGreaterThan(0);
    const again = await apply('alert:heat-1');
    expect(again).toMatchObject({ tasksTightened: 0, visitorNotices: 0, familyNotices: 0 });
  });
});
