import { afterAll, describe, expect, it } from 'vitest';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { elderArchive } from '../../shared/app/archive';
import { archiveHtml } from '../../shared/adapters/archive/archive-html';
import { recordFollowUpOutcome } from '../../shared/app/follow-up-outcome';
import { generateTasks } from '../../shared/app/generate-tasks';
import { addNeedMeasure, listNeeds, moveMeasureOf, referralFollowUpId } from '../../shared/app/needs';
import { recordVisit } from '../../shared/app/record-visit';
import type { Principal } from '../../shared/domain/access/access';
import type { Task } from '../../shared/domain/task/task';
import { Random } from '../../cli/simulation/random';
import { visitForm } from '../../cli/simulation/visit-form';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const deps = (world: World) => ({ ...world.repos, clock: world.clock, runtime: world.runtime });

/** A Sichuan world on 5 Nov with tasks generated and one key task with a visitor. */
async function world() {
  const w = await newWorld();
  const ledger = await loadLedger(w, { elders: 30 });
  w.clock.set('2026-11-01T06:00:00+08:00');
  await generateTasks(deps(w));
  let task: Task | undefined;
  for (const r of ledger.registrations) {
    task = (await w.repos.tasks.forElder(r.id)).find((t) => t.tier === 'key' && t.visitorId !== undefined);
    if (task) break;
  }
  w.clock.set('2026-11-05T10:00:00+08:00');
  const person = async (id: string) => (await w.repos.people.get(id))! as Principal;
  return { w, task: task!, person };
}

/** A visit that finds three needs: one referred to another service, one under way, one without a measure. */
function formWithNeeds(w: World, task: Task) {
  const form = visitForm(task, task.visitorId!, w.clock.now(), 'home', new Random(5));
  return {
    ...form,
    needs: [
      { needId: 'n1', description: '助浴' },
      { needId: 'n2', description: '助餐' },
      { needId: 'n3', description: '代购' },
    ],
    measures: [
      { needId: 'n1', description: '转介居家养老服务中心上门助浴', status: 'referred' as const },
      { needId: 'n2', description: '联系社区食堂每日送餐', status: 'in_progress' as const },
    ],
  };
}

describe('Needs and measures close (闭环管理) on dynalite', () => {
  it('stores a visit’s needs as their own records once, and opens one follow-up for the township checking the referral', async () => {
    const { w, task } = await world();
    const form = formWithNeeds(w, task);
    const result = await recordVisit(deps(w), form);
    expect(result.followUps).toMatchObject({ referrals: [`${form.visitId}.n1/m1`], unansweredNeeds: ['代购'] });
    expect(result.followUps.followUp).toMatchObject({ taskId: `F#${form.visitId}`, followUpCause: 'referral', followUpOf: [`${form.visitId}.n1/m1`], visitorId: `ins-${task.townshipCode}`, urgent: false });
    const needs = await w.repos.needs.forElder(task.elderId);
    expect(needs.map((n) => [n.needKey, n.measures.map((m) => m.state)])).toEqual([
      [`${form.visitId}.n1`, ['referred']],
      [`${form.visitId}.n2`, ['in_progress']],
      [`${form.visitId}.n3`, []],
    ]);
    // The same visit again (a phone that lost the answer) doubles nothing.
    await recordVisit(deps(w), form);
    expect(await w.repos.needs.forElder(task.elderId)).toHaveLength(3);
    expect((await w.repos.tasks.forElder(task.elderId)).filter((t) => t.kind === 'follow_up')).toHaveLength(1);
    // The area's open needs list them for the liaison.
    const open = await w.repos.needs.openInArea(task.villageCode, 50);
    expect(open.items.map((n) => n.needKey)).toEqual(expect.arrayContaining(needs.map((n) => n.needKey)));
  });

  it('moves a measure planned → in progress → done with who and when, and closes the need', async () => {
    const { w, task, person } = await world();
    const form = formWithNeeds(w, task);
    await recordVisit(deps(w), form);
    const visitor = await person(task.visitorId!);
    const key = { elderId: task.elderId, needKey: `${form.visitId}.n3` };
    const added = await addNeedMeasure(deps(w), visitor, { ...key, description: '网格员每周代购一次', state: 'planned' });
    expect(added.measure).toMatchObject({ measureId: 'm1', state: 'planned', steps: [{ to: 'planned', by: task.visitorId, at: '2026-11-05T10:00:00+08:00' }] });
    w.clock.set('2026-11-06T09:00:00+08:00');
    await moveMeasureOf(deps(w), visitor, { ...key, measureId: 'm1', to: 'in_progress' });
    w.clock.set('2026-11-12T09:00:00+08:00');
    const done = await moveMeasureOf(deps(w), visitor, { ...key, measureId: 'm1', to: 'done', note: '已代购两次' });
    expect(done.measure.steps.map((s) => [s.to, s.by, s.at])).toEqual([
      ['planned', task.visitorId, '2026-11-05T10:00:00+08:00'],
      ['in_progress', task.visitorId, '2026-11-06T09:00:00+08:00'],
      ['done', task.visitorId, '2026-11-12T09:00:00+08:00'],
    ]);
    const open = await listNeeds(deps(w), visitor, task.elderId);
    expect(open.map((n) => n.needKey)).not.toContain(key.needKey);
    expect((await listNeeds(deps(w), visitor, task.elderId, true)).map((n) => n.needKey)).toContain(key.needKey);
    expect((await w.repos.needs.openInArea(task.villageCode, 50)).items.map((n) => n.needKey)).not.toContain(key.needKey);
    // Back to planned, or done again, is refused with the reason.
    await expect(moveMeasureOf(deps(w), visitor, { ...key, measureId: 'm1', to: 'in_progress' })).rejects.toMatchObject({ name: 'ConflictError', message: expect.stringContaining('done is final') });
  });

  it('refuses needs to a visitor who is not the elder’s, a liaison of another village, and closing a referral to a visitor or liaison', async () => {
    const { w, task, person } = await world();
    const form = formWithNeeds(w, task);
    await recordVisit(deps(w), form);
    const stranger = { personId: 'vis-x', roles: ['visitor' as const], areaCode: task.villageCode, active: true };
    await expect(listNeeds(deps(w), stranger, task.elderId)).rejects.toMatchObject({ name: 'ForbiddenError' });
    const otherLiaison = { personId: 'lia-x', roles: ['liaison' as const], areaCode: `${task.townshipCode}999`, active: true };
    await expect(listNeeds(deps(w), otherLiaison, task.elderId)).rejects.toMatchObject({ name: 'ForbiddenError' });
    const key = { elderId: task.elderId, needKey: `${form.visitId}.n1`, measureId: 'm1', to: 'followed_up' as const };
    await expect(moveMeasureOf(deps(w), await person(task.visitorId!), key)).rejects.toMatchObject({ name: 'ForbiddenError', message: expect.stringContaining('followed up by the township') });
    await expect(moveMeasureOf(deps(w), await person(`lia-${task.villageCode}`), key)).rejects.toMatchObject({ name: 'ForbiddenError' });
    expect((await moveMeasureOf(deps(w), await person(`ins-${task.townshipCode}`), key)).measure.state).toBe('followed_up');
  });

  it('lets the owner record the follow-up resolved: the referral is followed up, the need closed, a repeat changes nothing, another outcome is a conflict', async () => {
    const { w, task } = await world();
    const form = formWithNeeds(w, task);
    const { followUps } = await recordVisit(deps(w), form);
    const ref = { elderId: task.elderId, taskId: followUps.followUp!.taskId };
    const owner = `ins-${task.townshipCode}`;
    w.clock.set('2026-11-07T15:00:00+08:00');
    const outcome = { method: 'phone', outcome: 'resolved', note: '服务中心已上门助浴两次，老人满意' };
    const r = await recordFollowUpOutcome(deps(w), { ...ref, by: owner, outcome });
    expect(r).toMatchObject({ recorded: true, followedUp: [`${form.visitId}.n1/m1`], task: { state: 'completed', late: false, followUpOutcome: { by: owner, at: '2026-11-07T15:00:00+08:00', outcome: 'resolved' } } });
    const need = await w.repos.needs.get(task.elderId, `${form.visitId}.n1`);
    expect(need!.measures[0]).toMatchObject({ state: 'followed_up', checks: [{ taskId: ref.taskId, by: owner, outcome: 'resolved' }] });
    expect(need!.measures[0]!.steps.at(-1)).toMatchObject({ to: 'followed_up', by: owner, at: '2026-11-07T15:00:00+08:00' });
    // The elder's archive shows where the measure stands now, not what the form said.
    const archive = await elderArchive(deps(w), { principal: { personId: 'sup-county', roles: ['supervisor'], areaCode: '510108', active: true }, elderId: task.elderId, purpose: '测试', requestId: 't' });
    expect(archive.needs.find((n) => n.needId === 'n1')).toMatchObject({ measure: { status: 'followed_up' }, measures: [{ state: 'followed_up' }] });
    expect(archiveHtml(archive)).toContain(`转介居家养老服务中心上门助浴（已回访，${owner} 2026-11-07）`);
    const again = await recordFollowUpOutcome(deps(w), { ...ref, by: owner, outcome });
    expect(again).toMatchObject({ recorded: false, task: { version: r.task.version } });
    await expect(recordFollowUpOutcome(deps(w), { ...ref, by: owner, outcome: { ...outcome, outcome: 'unresolved' } })).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('opens the next round for an unresolved follow-up, keeping the referral referred until a round finds it resolved', async () => {
    const { w, task } = await world();
    const form = formWithNeeds(w, task);
    const { followUps } = await recordVisit(deps(w), form);
    const owner = `ins-${task.townshipCode}`;
    w.clock.set('2026-11-07T15:00:00+08:00');
    const first = await recordFollowUpOutcome(deps(w), { elderId: task.elderId, taskId: followUps.followUp!.taskId, by: owner, outcome: { method: 'home', outcome: 'unresolved', note: '服务中心尚未上门' } });
    expect(first.next).toMatchObject({ kind: 'follow_up', followUpRound: 2, followUpOf: [`${form.visitId}.n1/m1`], visitorId: owner, state: 'assigned', dueAt: '2026-11-10T15:00:00+08:00' });
    expect(first.task.followUpNext).toBe(first.next!.taskId);
    expect((await w.repos.needs.get(task.elderId, `${form.visitId}.n1`))!.measures[0]).toMatchObject({ state: 'referred', checks: [{ outcome: 'unresolved' }] });
    expect(await w.repos.outbox.get(`followup#${first.next!.taskId.slice(2)}`)).toMatchObject({ template: 'follow_up', recipientId: owner });
    w.clock.set('2026-11-09T10:00:00+08:00');
    const second = await recordFollowUpOutcome(deps(w), { elderId: task.elderId, taskId: first.next!.taskId, by: owner, outcome: { method: 'phone', outcome: 'resolved', note: '已上门服务' } });
    expect(second.followedUp).toEqual([`${form.visitId}.n1/m1`]);
    expect((await w.repos.needs.get(task.elderId, `${form.visitId}.n1`))!.measures[0]!.checks).toHaveLength(2);
  });

  it('refuses a visit form against a follow-up, and an outcome from someone who neither owns it nor covers for the township', async () => {
    const { w, task } = await world();
    const { followUps } = await recordVisit(deps(w), formWithNeeds(w, task));
    const fu = followUps.followUp!;
    const visit = { ...visitForm(fu, task.visitorId!, w.clock.now(), 'home', new Random(9)), taskId: fu.taskId };
    await expect(recordVisit(deps(w), visit)).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ field: 'taskId', rule: expect.stringContaining('is a follow-up (跟踪回访)'), code: 'follow_up_not_visit', message: expect.stringContaining('是跟踪回访') }],
    });
    const ref = { elderId: task.elderId, taskId: fu.taskId, outcome: { method: 'phone', outcome: 'resolved', note: '已回访' } };
    await expect(recordFollowUpOutcome(deps(w), { ...ref, by: task.visitorId! })).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(recordFollowUpOutcome(deps(w), { ...ref, by: `lia-${task.villageCode}` })).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(recordFollowUpOutcome(deps(w), { ...ref, by: 'sup-county' })).resolves.toMatchObject({ recorded: true });
    await expect(recordFollowUpOutcome(deps(w), { elderId: task.elderId, taskId: task.taskId, by: 'sup-county', outcome: ref.outcome })).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('opens a follow-up for a measure referred after the visit, once, and heals a referral whose follow-up never opened', async () => {
    const { w, task, person } = await world();
    const form = formWithNeeds(w, task);
    await recordVisit(deps(w), form);
    const liaison = await person(`lia-${task.villageCode}`);
    const key = { elderId: task.elderId, needKey: `${form.visitId}.n2`, measureId: 'm1' };
    const referred = await moveMeasureOf(deps(w), liaison, { ...key, to: 'referred', note: '食堂停业，转介助餐点' });
    const id = referralFollowUpId(task.elderId, `${form.visitId}.n2/m1`);
    expect(referred.followUp).toBe(`${task.elderId}#${id}`);
    expect(await w.repos.tasks.get(task.elderId, id)).toMatchObject({ kind: 'follow_up', followUpCause: 'referral', followUpOf: [`${form.visitId}.n2/m1`] });
    // A crash between the measure's write and its follow-up: the next read of the needs opens it.
    const need = (await w.repos.needs.get(task.elderId, `${form.visitId}.n3`))!;
    await w.repos.needs.update({ ...need, measures: [{ measureId: 'm1', description: '转介代购服务', state: 'referred', steps: [{ to: 'referred', by: liaison.personId, at: '2026-11-05T10:00:00+08:00' }] }], version: need.version + 1 });
    await listNeeds(deps(w), liaison, task.elderId);
    expect(await w.repos.tasks.get(task.elderId, referralFollowUpId(task.elderId, `${form.visitId}.n3/m1`))).toMatchObject({ followUpOf: [`${form.visitId}.n3/m1`] });
  });

  it('escalates an overdue follow-up above its owner: the county supervisor, never the village liaison', async () => {
    const { w, task } = await world();
    const { followUps } = await recordVisit(deps(w), formWithNeeds(w, task));
    w.clock.set('2026-11-08T10:05:00+08:00');
    const report = await escalateOverdue(deps(w));
    const fu = await w.repos.tasks.get(task.elderId, followUps.followUp!.taskId);
    expect(fu).toMatchObject({ state: 'missed', escalation: { level: 1 } });
    expect(fu!.history.at(-1)!.detail).toMatch(/^level 1: supervisor sup-county/);
    expect(report.notified.filter((n) => n.taskRefs.includes(`${task.elderId}#${fu!.taskId}`)).map((n) => n.personId)).toEqual(['sup-county']);
  });
});
