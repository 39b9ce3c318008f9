import { describe, expect, it } from 'vitest';
import { queueEscalationDigests } from '../../../shared/app/escalation-digests';
import type { EscalationNotice } from '../../../shared/app/escalation-digests';
import { loadRegion } from '../../../shared/config/load';
import type { Person } from '../../../shared/domain/people/person';
import type { Outbox } from '../../../shared/ports';
import { InMemoryOutbox } from '../../fakes/in-memory-outbox';

const runtime = loadRegion('sichuan');
const person = (id: string): Person => ({ personId: id, name: '联络员', roles: ['liaison'], areaCode: '510108001001', phone: '+8613800000001', active: true });
const notice = (who: string, task: string, dueAt = '2026-11-15T23:59:59+08:00', urgent = false): EscalationNotice => ({ person: person(who), level: 1, taskRef: task, dueAt, urgent });
const report = () => ({ smsQueued: 0, smsMerged: 0, smsExisting: 0, notified: [] });
const run = (outbox: Outbox, at: string, notices: EscalationNotice[], r = report()) => queueEscalationDigests({ outbox, runtime }, notices, at, r).then(() => r);

describe('Escalation digests per window', () => {
  it('gathers every run before 09:00 into one SMS per supervisor, counting each task once', async () => {
    const outbox = new InMemoryOutbox();
    expect(await run(outbox, '2026-11-16T00:05:00+08:00', [notice('lia-1', 'E1#a'), notice('lia-1', 'E2#a', '2026-11-14T23:59:59+08:00'), notice('lia-2', 'E3#a')])).toMatchObject({ smsQueued: 2 });
    expect(await run(outbox, '2026-11-16T03:05:00+08:00', [notice('lia-1', 'E4#a', '2026-11-16T00:00:00+08:00')])).toMatchObject({ smsMerged: 1 });
    expect(await run(outbox, '2026-11-16T08:50:00+08:00', [notice('lia-1', 'E1#a')])).toMatchObject({ smsExisting: 1 });
    const digests = outbox.all().filter((m) => m.recipientId === 'lia-1');
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({
      messageId: 'esc#lia-1#2026-11-16T09:00:00+08:00',
      sendAfter: '2026-11-16T09:00:00+08:00',
      taskRefs: ['E1#a', 'E2#a', 'E4#a'],
      params: { count: '3', since: '11月14日' },
      replyTo: 'escalation',
      digest: { earliestDueAt: '2026-11-14T23:59:59+08:00' },
      createdAt: '2026-11-16T00:05:00+08:00',
    });
    expect(digests[0]!.text).toContain('您负责区域有3项探访逾期未完成，最早一项11月14日到期');
  });

  it('starts the afternoon digest after 09:00, and rolls a digest already taken for sending to the next window', async () => {
    const outbox = new InMemoryOutbox();
    await run(outbox, '2026-11-16T08:50:00+08:00', [notice('lia-1', 'E1#a')]);
    await outbox.claim('esc#lia-1#2026-11-16T09:00:00+08:00');
    // A run at 09:00 sharp would join the morning digest, but the sender has it: the afternoon one takes the task.
    await run(outbox, '2026-11-16T09:00:00+08:00', [notice('lia-1', 'E2#a')]);
    await run(outbox, '2026-11-16T09:05:00+08:00', [notice('lia-1', 'E3#a')]);
    const afternoon = await outbox.get('esc#lia-1#2026-11-16T15:00:00+08:00');
    expect(afternoon).toMatchObject({ state: 'pending', taskRefs: ['E2#a', 'E3#a'] });
    expect((await outbox.get('esc#lia-1#2026-11-16T09:00:00+08:00'))?.taskRefs).toEqual(['E1#a']);
    await run(outbox, '2026-11-16T15:30:00+08:00', [notice('lia-1', 'E4#a')]);
    expect(await outbox.get('esc#lia-1#2026-11-17T09:00:00+08:00')).toMatchObject({ taskRefs: ['E4#a'] });
  });

  it('loses no task and doubles no digest when a run crashes half-way and is run again', async () => {
    const outbox = new InMemoryOutbox();
    let writes = 0;
    const crashing: Outbox = Object.assign(Object.create(outbox) as Outbox, {
      putDigest: async (...args: Parameters<Outbox['putDigest']>) => {
        if (++writes === 2) throw new Error('Lambda timed out');
        return outbox.putDigest(...args);
      },
    });
    const notices = [notice('lia-1', 'E1#a'), notice('lia-2', 'E2#a'), notice('lia-3', 'E3#a')];
    await expect(run(crashing, '2026-11-16T00:05:00+08:00', notices)).rejects.toThrow('Lambda timed out');
    const rerun = await run(outbox, '2026-11-16T00:20:00+08:00', notices);
    expect(rerun.smsQueued + rerun.smsExisting).toBe(3);
    expect(outbox.all().map((m) => [m.recipientId, m.taskRefs])).toEqual(
      expect.arrayContaining([
        ['lia-1', ['E1#a']],
        ['lia-2', ['E2#a']],
        ['lia-3', ['E3#a']],
      ]),
    );
    expect(outbox.all()).toHaveLength(3);
  });

  it("merges two runs at once into one digest holding both runs' tasks", async () => {
    const outbox = new InMemoryOutbox();
    await Promise.all([run(outbox, '2026-11-16T00:05:00+08:00', [notice('lia-1', 'E1#a')]), run(outbox, '2026-11-16T00:05:00+08:00', [notice('lia-1', 'E2#a')])]);
    expect(outbox.all()).toHaveLength(1);
    expect(outbox.all()[0]!.taskRefs).toEqual(['E1#a', 'E2#a']);
  });

  it('keeps one digest per window for a supervisor with no phone, instead of spilling each run into the next window', async () => {
    const outbox = new InMemoryOutbox();
    const phoneless = (task: string): EscalationNotice => ({ ...notice('lia-9', task), person: { ...person('lia-9'), phone: undefined } });
    await run(outbox, '2026-11-16T00:05:00+08:00', [phoneless('E1#a')]);
    expect(await run(outbox, '2026-11-16T03:05:00+08:00', [phoneless('E2#a')])).toMatchObject({ smsMerged: 1 });
    expect(outbox.all().map((m) => [m.messageId, m.state, m.taskRefs])).toEqual([['esc#lia-9#2026-11-16T09:00:00+08:00', 'undeliverable', ['E1#a', 'E2#a']]]);
  });

  it("sends an emergency follow-up's escalation at once, urgent, outside the windows", async () => {
    const outbox = new InMemoryOutbox();
    await run(outbox, '2026-11-16T02:05:00+08:00', [notice('lia-1', 'E1#F#v1', '2026-11-16T01:00:00+08:00', true), notice('lia-1', 'E2#a')]);
    expect(await outbox.get('esc#lia-1#urgent#2026-11-16T02:00:00+08:00')).toMatchObject({ urgent: true, sendAfter: '2026-11-16T02:05:00+08:00', taskRefs: ['E1#F#v1'] });
    expect(await outbox.get('esc#lia-1#2026-11-16T09:00:00+08:00')).toMatchObject({ urgent: false, taskRefs: ['E2#a'] });
  });
});
