import { afterAll, describe, expect, it } from 'vitest';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { generateTasks } from '../../shared/app/generate-tasks';
import { handleReplies } from '../../shared/app/sms-replies';
import { acknowledgeTask } from '../../shared/app/supervise';
import type { OutboxMessage } from '../../shared/domain/sms/message';
import type { Task } from '../../shared/domain/task/task';
import { ScriptedGateway } from '../fakes/scripted-gateway';
import { deliver } from '../helpers/deliver';
import { backDeps, redHeatSent, replyFrom } from '../helpers/sms-back';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const SENT_AT = '2026-11-16T09:00:00+08:00';

/** Sichuan on 16 Nov: key tasks missed overnight, each liaison's 09:00 digest sent; one digest with its liaison. */
async function digestSent() {
  const world = await newWorld();
  await loadLedger(world, { elders: 60 });
  world.clock.set('2026-11-01T06:00:00+08:00');
  await generateTasks(backDeps(world));
  world.clock.set('2026-11-16T00:05:00+08:00');
  await escalateOverdue(backDeps(world));
  world.clock.set(SENT_AT);
  const gateway = new ScriptedGateway();
  await deliver(world, gateway);
  const digests: OutboxMessage[] = [];
  for (const r of gateway.requests.filter((q) => q.templateId === 'escalation_digest_reply').flatMap((q) => q.recipients)) digests.push((await world.repos.outbox.get(r.reference))!);
  const digest = digests.sort((a, b) => b.taskRefs!.length - a.taskRefs!.length)[0]!;
  const liaison = (await world.repos.people.get(digest.recipientId))!;
  return { world, digest, liaison, digests };
}

const taskOf = (world: World, ref: string): Promise<Task | undefined> => {
  const [elderId, ...rest] = ref.split('#');
  return world.repos.tasks.get(elderId!, rest.join('#'));
};

describe('Replies on dynalite: a supervisor’s 1 to an escalation digest', () => {
  it('acknowledges exactly the tasks the digest counted, as the supervisor it was sent to, and no other', async () => {
    const { world, digest, liaison, digests } = await digestSent();
    expect(digest.state).toBe('sent');
    expect(digest.taskRefs!.length).toBeGreaterThan(0);
    world.clock.set('2026-11-16T09:20:00+08:00');
    const report = await handleReplies(backDeps(world), [replyFrom(liaison.phone!, '１', '2026-11-16T09:18:00+08:00')]);
    expect(report).toMatchObject({ received: 1, digestsAcknowledged: 1, tasksAcknowledged: digest.taskRefs!.length, tasksRefused: 0, ignored: {} });
    for (const ref of digest.taskRefs!) {
      const task = await taskOf(world, ref);
      expect(task?.escalation?.acknowledged).toEqual({ by: liaison.personId, at: '2026-11-16T09:20:00+08:00', until: '2026-11-17T09:20:00+08:00' });
      expect(task?.history.at(-1)).toMatchObject({ event: 'acknowledge', by: liaison.personId, detail: expect.stringContaining(`SMS reply to ${digest.messageId}`) });
    }
    // The other liaisons' tasks are untouched.
    for (const other of digests.filter((d) => d.messageId !== digest.messageId)) {
      for (const ref of other.taskRefs!) expect((await taskOf(world, ref))?.escalation?.acknowledged).toBeUndefined();
    }
  });

  it('changes nothing when the same reply is posted again (one acknowledgement per task)', async () => {
    const { world, digest, liaison } = await digestSent();
    const reply = replyFrom(liaison.phone!, '1', '2026-11-16T09:18:00+08:00');
    await handleReplies(backDeps(world), [reply]);
    world.clock.set('2026-11-16T10:00:00+08:00');
    expect(await handleReplies(backDeps(world), [reply])).toMatchObject({ duplicates: 1, tasksAcknowledged: 0 });
    const task = await taskOf(world, digest.taskRefs![0]!);
    expect(task?.history.filter((h) => h.event === 'acknowledge')).toHaveLength(1);
  });

  it('finishes a reply whose first handling died half-way, acknowledging each task once', async () => {
    const { world, digest, liaison } = await digestSent();
    const reply = replyFrom(liaison.phone!, '1', '2026-11-16T09:18:00+08:00');
    // The first run stored the reply and acknowledged one task, then died.
    await world.repos.callbackLog.begin('reply', reply.dedupeKey, { provider: 'aliyun', phone: reply.phone }, '2026-11-16T09:18:00+08:00');
    const [first, ...others] = digest.taskRefs!;
    const [elderId, ...rest] = first!.split('#');
    await acknowledgeTask(backDeps(world), { elderId: elderId!, taskId: rest.join('#'), by: liaison.personId, via: `SMS reply to ${digest.messageId}, ${reply.dedupeKey}` });
    expect(await handleReplies(backDeps(world), [reply])).toMatchObject({ duplicates: 0, tasksAcknowledged: digest.taskRefs!.length });
    for (const ref of [first!, ...others]) expect((await taskOf(world, ref))?.history.filter((h) => h.event === 'acknowledge')).toHaveLength(1);
    expect(await handleReplies(backDeps(world), [reply])).toMatchObject({ duplicates: 1 });
  });

  it('acknowledges nothing outside the supervisor’s area: a liaison moved to another village since the digest', async () => {
    const { world, digest, liaison } = await digestSent();
    await world.repos.people.save({ ...liaison, areaCode: '510108004004' });
    const reply = replyFrom(liaison.phone!, '1', '2026-11-16T09:18:00+08:00');
    const report = await handleReplies(backDeps(world), [reply]);
    expect(report).toMatchObject({ digestsAcknowledged: 1, tasksAcknowledged: 0, tasksRefused: digest.taskRefs!.length });
    for (const ref of digest.taskRefs!) expect((await taskOf(world, ref))?.escalation?.acknowledged).toBeUndefined();
    expect((await world.repos.callbackLog.get('reply', reply.dedupeKey))?.outcome).toMatch(/^acknowledged 0 of \d+ tasks .*supervises area 510108004004, which does not include village/);
  });

  it('acknowledges nothing from a number the roster no longer gives the supervisor', async () => {
    const { world, digest, liaison } = await digestSent();
    await world.repos.people.save({ ...liaison, phone: '+8613912345678' });
    expect(await handleReplies(backDeps(world), [replyFrom(liaison.phone!, '1', '2026-11-16T09:18:00+08:00')])).toMatchObject({ digestsAcknowledged: 0, ignored: { sender_not_recipient: 1 } });
    expect((await taskOf(world, digest.taskRefs![0]!))?.escalation?.acknowledged).toBeUndefined();
  });

  it('stores and ignores late, unparseable, stranger and before-the-message replies', async () => {
    const { world, digest, liaison } = await digestSent();
    world.clock.set('2026-11-18T09:00:00+08:00');
    const replies = [
      replyFrom(liaison.phone!, '1', '2026-11-17T09:00:01+08:00'),
      replyFrom(liaison.phone!, '好的，马上去', '2026-11-16T09:10:00+08:00'),
      replyFrom('+8613000000001', '1', '2026-11-16T09:10:00+08:00'),
      replyFrom(liaison.phone!, '1', '2026-11-16T08:30:00+08:00'),
    ];
    expect(await handleReplies(backDeps(world), replies)).toMatchObject({ received: 4, digestsAcknowledged: 0, ignored: { late: 1, unparseable: 1, no_target: 1, before_target: 1 } });
    expect((await taskOf(world, digest.taskRefs![0]!))?.escalation?.acknowledged).toBeUndefined();
    for (const [reply, reason] of replies.map((r, i) => [r, ['late', 'unparseable', 'no_target', 'before_target'][i]] as const)) {
      expect(await world.repos.callbackLog.get('reply', reply.dedupeKey)).toMatchObject({ outcome: expect.stringMatching(new RegExp(`^ignored: ${reason} `)), text: reply.text });
    }
  });
});

describe('Replies on dynalite: a family member’s 1 to a warning notice', () => {
  it('records "family confirmed contact" on the special tasks the notice was about, and never completes them', async () => {
    const { world, family } = await redHeatSent();
    const notice = family[0]!;
    const before = await Promise.all(notice.taskRefs!.map((ref) => taskOf(world, ref)));
    world.clock.set('2026-10-17T20:40:00+08:00');
    const reply = replyFrom(notice.phone!, '1', '2026-10-17T20:38:00+08:00');
    expect(await handleReplies(backDeps(world), [reply])).toMatchObject({ familyConfirmations: 1, tasksFamilyConfirmed: notice.taskRefs!.length, digestsAcknowledged: 0 });
    for (const [i, ref] of notice.taskRefs!.entries()) {
      const task = (await taskOf(world, ref))!;
      expect(task).toMatchObject({ kind: 'special', state: before[i]!.state, visitorId: before[i]!.visitorId, familyConfirmedAt: '2026-10-17T20:38:00+08:00' });
      expect(task.completedAt).toBeUndefined();
      expect(task.state).not.toBe('completed');
      expect(task.history.at(-1)).toMatchObject({ event: 'family_confirmed', by: notice.recipientId, detail: expect.stringMatching(/^家属回复1：已联系老人/) });
      expect(await world.repos.visits.countForElder(task.elderId)).toBe(0);
    }
    // Posted again: recorded once.
    expect(await handleReplies(backDeps(world), [reply])).toMatchObject({ duplicates: 1, tasksFamilyConfirmed: 0 });
    expect((await taskOf(world, notice.taskRefs![0]!))!.history.filter((h) => h.event === 'family_confirmed')).toHaveLength(1);
  });

  it('keeps the first confirmation time when a second reply comes, and ignores one a day late', async () => {
    const { world, family } = await redHeatSent();
    const notice = family[1]!;
    world.clock.set('2026-10-17T21:10:00+08:00');
    await handleReplies(backDeps(world), [replyFrom(notice.phone!, '1', '2026-10-17T20:38:00+08:00'), replyFrom(notice.phone!, '1 ', '2026-10-17T21:05:00+08:00')]);
    expect((await taskOf(world, notice.taskRefs![0]!))?.familyConfirmedAt).toBe('2026-10-17T20:38:00+08:00');
    world.clock.set('2026-10-19T09:00:00+08:00');
    expect(await handleReplies(backDeps(world), [replyFrom(notice.phone!, '1', '2026-10-18T20:02:00+08:00')])).toMatchObject({ familyConfirmations: 0, ignored: { late: 1 } });
  });
});
