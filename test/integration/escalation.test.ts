import { afterAll, describe, expect, it } from 'vitest';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { generateTasks } from '../../shared/app/generate-tasks';
import { recordVisit } from '../../shared/app/record-visit';
import { acknowledgeTask, ForbiddenError, reassignTask, resolveTask } from '../../shared/app/supervise';
import type { Task } from '../../shared/domain/task/task';
import type { TaskRepository } from '../../shared/ports';
import { ScriptedGateway } from '../fakes/scripted-gateway';
import { deliver } from '../helpers/deliver';
import { Random } from '../../cli/simulation/random';
import { visitForm } from '../../cli/simulation/visit-form';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const escalate = (world: World, tasks: TaskRepository = world.repos.tasks) => escalateOverdue({ ...world.repos, tasks, clock: world.clock, runtime: world.runtime });
const supervise = (world: World) => ({ ...world.repos, clock: world.clock, runtime: world.runtime });

/** A Sichuan world on 1 Nov with its tasks generated, and one key task (due 15 Nov 23:59:59) with a visitor. */
async function keyTaskWorld() {
  const world = await newWorld();
  const ledger = await loadLedger(world, { elders: 40 });
  world.clock.set('2026-11-01T06:00:00+08:00');
  await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
  let task: Task | undefined;
  for (const r of ledger.registrations) {
    task = (await world.repos.tasks.forElder(r.id)).find((t) => t.tier === 'key' && t.visitorId !== undefined);
    if (task) break;
  }
  return { world, ledger, task: task! };
}

const events = (t: Task | undefined) => (t?.history ?? []).map((h) => h.event);

describe('Escalation on dynalite', () => {
  it('marks a key task missed when its window closes and notifies the village liaison at once, one SMS per liaison', async () => {
    const { world, task } = await keyTaskWorld();
    world.clock.set('2026-11-15T23:00:00+08:00');
    expect((await escalate(world)).considered).toBe(0);
    world.clock.set('2026-11-16T00:05:00+08:00');
    const report = await escalate(world);
    expect(report.markedMissed).toBe(report.considered);
    expect(report.escalatedByLevel['1']).toBe(report.considered);
    const after = await world.repos.tasks.get(task.elderId, task.taskId);
    // Level 2 (the township instructor) is due 24 h after the due time.
    expect(after).toMatchObject({ state: 'missed', escalation: { level: 1, nextAt: '2026-11-16T23:59:59+08:00' } });
    expect(after?.history.at(-1)?.detail).toMatch(/^level 1: liaison lia-/);
    // The liaison hears of it in the morning digest (09:00), which keeps the tasks it covers and invites the reply 1 (sichuan's sms.inviteReplies).
    const sms = await world.repos.outbox.get(`esc#lia-${task.villageCode}#2026-11-16T09:00:00+08:00`);
    expect(sms).toMatchObject({ kind: 'escalation', template: 'escalation_digest_reply', urgent: false, sendAfter: '2026-11-16T09:00:00+08:00', replyTo: 'escalation' });
    expect(sms?.taskRefs).toContain(`${task.elderId}#${task.taskId}`);
    expect(sms?.text).toBe(`【成华民政】探访逾期提醒：您负责区域有${sms!.taskRefs!.length}项探访逾期未完成，最早一项11月15日到期。请登录探访系统督促落实，或确认、改派、办结。回复1即确认已知悉。`);
    expect(report.smsQueued).toBeLessThanOrEqual(report.considered);
    // Only the key tasks (due 15 Nov) were read; the general ones (due 30 Nov) were not.
    expect(report.considered).toBeGreaterThan(0);
    expect(report.considered).toBeLessThan(40);
  });

  // Found by the escalation kill test (issue 15): a page read again after a kill stepped its
  // long-overdue tasks a second level in the same pass, so levels depended on where runs died.
  it('steps a long-overdue task one level per pass, even when the pass is run again at the same time', async () => {
    const { world, task } = await keyTaskWorld();
    // Two weeks past the deadline: every level of the key ladder is due, but a pass takes one.
    world.clock.set('2026-12-01T10:00:00+08:00');
    await escalate(world);
    const rerun = await escalate(world);
    expect(rerun.escalatedByLevel).toEqual({});
    const after = await world.repos.tasks.get(task.elderId, task.taskId);
    expect(after).toMatchObject({ escalation: { level: 1, notifiedAt: '2026-12-01T10:00:00+08:00' } });
    expect(events(after).filter((e) => e === 'escalate')).toHaveLength(1);
    world.clock.set('2026-12-01T10:15:00+08:00');
    await escalate(world);
    expect(await world.repos.tasks.get(task.elderId, task.taskId)).toMatchObject({ escalation: { level: 2 } });
  });

  it('never escalates a task completed while the run was deciding', async () => {
    const { world, task } = await keyTaskWorld();
    world.clock.set('2026-11-16T00:05:00+08:00');
    const racing: TaskRepository = {
      ...world.repos.tasks,
      get: (...a) => world.repos.tasks.get(...a),
      update: (t) => world.repos.tasks.update(t),
      attentionShards: () => world.repos.tasks.attentionShards(),
      pageNeedingAttention: async (shard, at, limit, after) => {
        const due = await world.repos.tasks.pageNeedingAttention(shard, at, limit, after);
        if (!due.items.some((t) => t.elderId === task.elderId && t.taskId === task.taskId)) return due;
        // The visitor records a (late) visit just after the run has read the task.
        await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, visitForm(task, task.visitorId!, world.clock.now(), 'home', new Random(1)));
        return due;
      },
    };
    const report = await escalate(world, racing);
    expect(report.skippedChanged).toBe(1);
    const after = await world.repos.tasks.get(task.elderId, task.taskId);
    expect(after).toMatchObject({ state: 'completed', late: true });
    expect(events(after)).not.toContain('escalate');
    world.clock.set('2026-11-17T00:05:00+08:00');
    await escalate(world);
    expect(events(await world.repos.tasks.get(task.elderId, task.taskId))).not.toContain('escalate');
  });

  it('escalates each task once when two runs go at the same time', async () => {
    const { world, task } = await keyTaskWorld();
    world.clock.set('2026-11-16T00:05:00+08:00');
    const [a, b] = await Promise.all([escalate(world), escalate(world)]);
    // Walking shard by shard, a run may not meet a task the other has already stepped: between them each task is stepped once.
    const stepped = new Set([...a.notified, ...b.notified].flatMap((n) => n.taskRefs));
    expect(a.considered - a.skippedChanged + (b.considered - b.skippedChanged)).toBe(stepped.size);
    const after = await world.repos.tasks.get(task.elderId, task.taskId);
    expect(events(after).filter((e) => e === 'escalate')).toHaveLength(1);
    expect(after?.escalation?.level).toBe(1);
    // One digest per supervisor however the two runs interleave.
    expect(a.smsQueued + b.smsQueued).toBe(new Set([...a.notified, ...b.notified].map((n) => n.personId)).size);
  });

  it('restarts the ladder for the new visitor when a task is reassigned mid-escalation', async () => {
    const { world, task, ledger } = await keyTaskWorld();
    for (const at of ['2026-11-16T00:05:00+08:00', '2026-11-17T00:05:00+08:00']) {
      world.clock.set(at);
      await escalate(world);
    }
    expect((await world.repos.tasks.get(task.elderId, task.taskId))?.escalation?.level).toBe(2);
    const instructor = `ins-${task.townshipCode}`;
    const other = ledger.people.find((p) => p.roles.includes('visitor') && p.areaCode === task.villageCode && p.personId !== task.visitorId)!;
    world.clock.set('2026-11-17T09:00:00+08:00');
    const moved = await reassignTask(supervise(world), { elderId: task.elderId, taskId: task.taskId, by: instructor, toVisitorId: other.personId, reason: '原探访人员住院' });
    // Key ladder restarted from the end of the 24 h grace period: liaison at 18 Nov 09:00.
    expect(moved).toMatchObject({ state: 'missed', visitorId: other.personId, escalation: { level: 0, clockFrom: '2026-11-18T09:00:00+08:00', nextAt: '2026-11-18T09:00:00+08:00' } });
    expect(moved.history.at(-1)).toMatchObject({ event: 'reassign', by: instructor, detail: `${task.visitorId} → ${other.personId}: 原探访人员住院` });
    expect(await world.repos.tasks.openForVisitor(task.visitorId!)).not.toContainEqual(expect.objectContaining({ taskId: task.taskId, elderId: task.elderId }));
    expect(await world.repos.tasks.openForVisitor(other.personId)).toContainEqual(expect.objectContaining({ taskId: task.taskId }));
    const notice = await world.repos.outbox.get(`reassign#${task.elderId}#${task.taskId}#${moved.version}`);
    expect(notice).toMatchObject({ template: 'reassignment_overdue', params: { elder: task.maskedName, method: '上门' } });
    expect(notice?.text).toContain('一项已逾期的探访任务改由您负责');
    world.clock.set('2026-11-18T00:05:00+08:00');
    expect((await escalate(world)).considered).toBe(0);
    world.clock.set('2026-11-18T09:00:00+08:00');
    await escalate(world);
    expect((await world.repos.tasks.get(task.elderId, task.taskId))?.escalation).toMatchObject({ level: 1, nextAt: '2026-11-19T09:00:00+08:00' });
    world.clock.set('2026-11-18T10:00:00+08:00');
    await escalate(world);
    expect((await world.repos.tasks.get(task.elderId, task.taskId))?.escalation?.level).toBe(1);
  });

  it('holds escalation while acknowledged and resumes when the acknowledgement expires', async () => {
    const { world, task } = await keyTaskWorld();
    world.clock.set('2026-11-16T00:05:00+08:00');
    await escalate(world);
    world.clock.set('2026-11-16T09:00:00+08:00');
    const acked = await acknowledgeTask(supervise(world), { elderId: task.elderId, taskId: task.taskId, by: `lia-${task.villageCode}` });
    expect(acked.escalation).toMatchObject({ level: 1, acknowledged: { until: '2026-11-17T09:00:00+08:00' }, nextAt: '2026-11-17T09:00:00+08:00' });
    world.clock.set('2026-11-17T00:05:00+08:00');
    await escalate(world);
    expect((await world.repos.tasks.get(task.elderId, task.taskId))?.escalation?.level).toBe(1);
    world.clock.set('2026-11-17T09:00:00+08:00');
    const report = await escalate(world);
    expect(report.escalatedByLevel['2']).toBeGreaterThanOrEqual(1);
    expect((await world.repos.tasks.get(task.elderId, task.taskId))?.escalation?.level).toBe(2);
  });

  it('skips a level nobody holds, says so, and notifies the next', async () => {
    const { world, task, ledger } = await keyTaskWorld();
    const instructor = ledger.people.find((p) => p.personId === `ins-${task.townshipCode}`)!;
    await world.repos.people.save({ ...instructor, active: false });
    for (const at of ['2026-11-16T00:05:00+08:00', '2026-11-17T00:05:00+08:00']) {
      world.clock.set(at);
      const report = await escalate(world);
      if (at.startsWith('2026-11-17')) expect(report.levelsSkipped.some((s) => s.includes(`${task.elderId}#${task.taskId}: no instructor`))).toBe(true);
    }
    const after = await world.repos.tasks.get(task.elderId, task.taskId);
    expect(after?.escalation?.level).toBe(3);
    expect(after?.history.at(-1)?.detail).toMatch(/^level 3: supervisor sup-county; no instructor \(镇\(街道\)指导员\) above area \d{12}: skipped level 2$/);
  });

  it('lets only a supervisor of the area act, and ends escalation when a task is resolved', async () => {
    const { world, task } = await keyTaskWorld();
    world.clock.set('2026-11-16T00:05:00+08:00');
    await escalate(world);
    const ref = { elderId: task.elderId, taskId: task.taskId };
    await expect(acknowledgeTask(supervise(world), { ...ref, by: task.visitorId! })).rejects.toBeInstanceOf(ForbiddenError);
    const otherLiaison = `lia-${task.townshipCode}${task.villageCode.endsWith('001') ? '002' : '001'}`;
    await expect(acknowledgeTask(supervise(world), { ...ref, by: otherLiaison })).rejects.toThrow(/does not include village/);
    const resolved = await resolveTask(supervise(world), { ...ref, by: 'sup-county', resolution: 'hospitalised', note: '住院治疗' });
    expect(resolved).toMatchObject({ state: 'cancelled', closedReason: 'resolved: hospitalised (住院治疗)' });
    world.clock.set('2026-11-20T00:05:00+08:00');
    await escalate(world);
    expect(await world.repos.tasks.get(task.elderId, task.taskId)).toMatchObject({ state: 'cancelled', version: resolved.version });
  });
});

describe('Emergencies from visit records', () => {
  it('sends urgent SMS during quiet hours to family, liaison and instructor, and opens a township follow-up that escalates', async () => {
    const { world, task } = await keyTaskWorld();
    world.clock.set('2026-11-05T22:30:00+08:00');
    const form = visitForm(task, task.visitorId!, world.clock.now(), 'home', new Random(2));
    const result = await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, { ...form, safety: { ...form.safety, gas: 'unsafe' } });
    expect(result.followUps).toMatchObject({ emergency: ['unsafe gas'], urgentSms: 3 });
    expect(result.followUps.followUp).toMatchObject({ kind: 'follow_up', taskId: `F#${form.visitId}`, visitorId: `ins-${task.townshipCode}`, dueAt: '2026-11-08T22:30:00+08:00' });
    const gateway = new ScriptedGateway();
    await deliver(world, gateway);
    const urgent = gateway.requests.filter((r) => r.recipients.some((x) => x.reference.startsWith(`emergency#${form.visitId}#`)));
    expect(urgent.flatMap((r) => r.recipients)).toHaveLength(3);
    expect(urgent.map((r) => r.templateId).sort()).toEqual(['emergency_family', 'emergency_staff', 'emergency_staff']);
    expect(urgent.every((r) => r.text.startsWith('【成华民政】紧急') && !r.text.includes('燃气'))).toBe(true);
    // The instructor who owns the follow-up is told of it too, in the morning (it is not urgent itself).
    expect(result.followUps.ownerNotified).toBe(true);
    expect(await world.repos.outbox.get(`followup#${form.visitId}`)).toMatchObject({ template: 'follow_up', recipientId: `ins-${task.townshipCode}`, sendAfter: '2026-11-06T08:00:00+08:00', params: { dueDate: '11月8日' } });
    // Resubmitting the record adds nothing.
    const again = await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, { ...form, safety: { ...form.safety, gas: 'unsafe' } });
    expect(again.followUps.urgentSms).toBe(0);
    // The follow-up escalates like any task once its deadline passes.
    world.clock.set('2026-11-09T00:05:00+08:00');
    await escalate(world);
    const followUp = await world.repos.tasks.get(task.elderId, `F#${form.visitId}`);
    expect(followUp).toMatchObject({ state: 'missed', urgent: true, escalation: { level: 1 } });
    // An emergency's follow-up is escalated at once, not in the next digest window — and above
    // its owner (the township instructor): the county supervisor, never the village liaison.
    expect(await world.repos.outbox.get(`esc#sup-county#urgent#2026-11-09T00:00:00+08:00`)).toMatchObject({ urgent: true, taskRefs: [`${task.elderId}#F#${form.visitId}`] });
    expect(await world.repos.outbox.get(`esc#lia-${task.villageCode}#urgent#2026-11-09T00:00:00+08:00`)).toBeUndefined();
    expect(followUp?.history.at(-1)?.detail).toMatch(/^level 1: supervisor sup-county/);
  });

  it('opens a follow-up for a need recorded without a measure', async () => {
    const { world, task } = await keyTaskWorld();
    world.clock.set('2026-11-05T10:00:00+08:00');
    const form = visitForm(task, task.visitorId!, world.clock.now(), 'home', new Random(2));
    const result = await recordVisit({ ...world.repos, clock: world.clock, runtime: world.runtime }, { ...form, needs: [{ needId: 'n1', description: '助浴 help with bathing' }], measures: [] });
    expect(result.followUps).toMatchObject({ emergency: [], unansweredNeeds: ['助浴 help with bathing'], urgentSms: 0 });
    expect(result.followUps.followUp?.history[0]?.detail).toContain('need without a measure: 助浴 help with bathing');
  });
});
