import { describe, expect, it } from 'vitest';
import { bestEffort, outboxWakingSender, wakeAt } from '../../../shared/app/deadlines';
import { LocalSchedules } from '../../../shared/adapters/local/local-schedules';
import { ManualClock } from '../../../shared/adapters/local/manual-clock';
import type { DeadlineScheduler } from '../../../shared/ports';
import { InMemoryOutbox } from '../../fakes/in-memory-outbox';
import { smsMessage } from '../../helpers/sms';

const NOW = '2026-11-23T22:30:00+08:00';

describe('Use case: deadlines on the scheduler', () => {
  it('wakes the sender at the morning release of SMS queued in quiet hours, with one schedule for the whole morning', async () => {
    const schedules = new LocalSchedules();
    const outbox = outboxWakingSender(new InMemoryOutbox(), schedules, new ManualClock(NOW));
    for (let i = 0; i < 3; i++) await outbox.enqueue(smsMessage(`q${i}`, 'assignment_digest', { createdAt: NOW, sendAfter: '2026-11-24T08:00:00+08:00' }));
    expect(schedules.list().filter((s) => s.target === 'send-sms' && s.expression.startsWith('at('))).toEqual([{ name: 'send-sms-202611240800', state: 'ENABLED', expression: 'at(2026-11-24T08:00:00+08:00)', target: 'send-sms' }]);
    expect(schedules.takeDue('2026-11-24T07:59:59+08:00')).toEqual([]);
    expect(schedules.takeDue('2026-11-24T08:00:00+08:00').map((d) => d.name)).toEqual(['send-sms-202611240800']);
    expect(schedules.takeDue('2026-11-24T09:00:00+08:00')).toEqual([]);
  });

  it('schedules nothing for an SMS that may go now, one already queued, or one with no phone', async () => {
    const schedules = new LocalSchedules();
    const outbox = outboxWakingSender(new InMemoryOutbox(), schedules, new ManualClock(NOW));
    await outbox.enqueue(smsMessage('now', 'assignment_digest', { sendAfter: NOW }));
    await outbox.enqueue(smsMessage('nophone', 'assignment_digest', { phone: undefined, sendAfter: '2026-11-24T08:00:00+08:00' }));
    expect(schedules.list().filter((s) => s.expression.startsWith('at('))).toEqual([]);
    expect(await outbox.enqueue(smsMessage('nophone', 'assignment_digest'))).toBe('exists');
  });

  it('never fails the write that set a deadline when the scheduler is down: it reports the failure', async () => {
    const down: DeadlineScheduler = { at: async () => Promise.reject(new Error('AccessDenied')), cancel: async () => Promise.reject(new Error('AccessDenied')) };
    const failures: string[] = [];
    const outbox = outboxWakingSender(
      new InMemoryOutbox(),
      bestEffort(down, (error, name) => failures.push(`${name}: ${(error as Error).message}`)),
      new ManualClock(NOW),
    );
    expect(await outbox.enqueue(smsMessage('q', 'assignment_digest', { sendAfter: '2026-11-24T08:00:00+08:00' }))).toBe('queued');
    expect(failures).toEqual(['send-sms-202611240800: AccessDenied']);
  });

  it('needs no schedule for a deadline already passed (the poll runs anyway)', async () => {
    const schedules = new LocalSchedules();
    await wakeAt(schedules, 'escalate-overdue', '2026-11-23T22:00:00+08:00', NOW);
    await wakeAt(undefined, 'escalate-overdue', '2026-11-24T22:00:00+08:00', NOW);
    expect(schedules.list().filter((s) => s.expression.startsWith('at('))).toEqual([]);
  });

  it('keeps a paused deadline until it is resumed, and a pause of a recurring job in the store', () => {
    const schedules = new LocalSchedules();
    void schedules.at('escalate-overdue-202611240900', '2026-11-24T09:00:00+08:00', { job: 'escalate-overdue', input: {} });
    expect(schedules.setState('escalate-overdue-202611240900', 'DISABLED')).toBe(true);
    expect(schedules.takeDue('2026-11-24T10:00:00+08:00')).toEqual([]);
    schedules.setState('escalate-overdue-202611240900', 'ENABLED');
    expect(schedules.takeDue('2026-11-24T10:00:00+08:00')).toHaveLength(1);
    expect(schedules.setState('generate-tasks', 'DISABLED')).toBe(true);
    expect(schedules.isPaused('generate-tasks')).toBe(true);
    expect(schedules.setState('no-such', 'DISABLED')).toBe(false);
  });
});
