import { describe, expect, it } from 'vitest';
import { loadPolicy, parsePolicy } from '../../../../shared/policies/load';
import { effectFor } from '../../../../shared/domain/special';
import type { EventOccasion } from '../../../../shared/domain/special';
import { eventProblems } from '../../../../shared/domain/special/event';
import { liftSuspension, methodsAt, suspendHomeVisits } from '../../../../shared/domain/special/suspension';
import { visitCounts } from '../../../../shared/domain/visit/counts';
import { aTask } from '../../../helpers/task-factory';

const lockdown = (over: Partial<EventOccasion['event']> = {}): EventOccasion => ({
  kind: 'event',
  occasionId: 'event:ch-2026-11',
  startAt: '2026-11-20T09:00:00+08:00',
  status: 'active',
  event: {
    eventId: 'ch-2026-11',
    type: 'epidemic_lockdown',
    title: '天鹅村封控',
    areaCodes: ['510108001001'],
    from: '2026-11-20',
    to: '2026-11-25',
    homeVisitsSuspended: true,
    declaredBy: 'admin-1',
    declaredAt: '2026-11-20T09:00:00+08:00',
    ...over,
  },
});
const NOW = '2026-11-20T09:00:00+08:00';

describe('Events that are not weather: the lockdown rules per region (封控期间加大远程探访频次)', () => {
  it('Sichuan: a remote contact every 2 days of the lockdown, even for key elders who normally need home visits', () => {
    const effect = effectFor(lockdown(), 'key', loadPolicy('sichuan').specialPeriods, NOW)!;
    expect(effect).toMatchObject({ ruleId: 'lockdown-remote', notifyVisitor: true, notifyFamily: true, remoteRoutineMethods: ['phone', 'video', 'remote_monitoring'] });
    expect(effect.tasks.map((t) => [t.taskId, t.start, t.end, t.homeRequired])).toEqual([
      ['S#2026-11-20', '2026-11-20', '2026-11-21', false],
      ['S#2026-11-22', '2026-11-22', '2026-11-23', false],
      ['S#2026-11-24', '2026-11-24', '2026-11-25', false],
    ]);
    expect(effect.tasks[0]!.methods).toEqual(['phone', 'video', 'remote_monitoring']);
  });

  it('Shanghai: a remote contact every day of the lockdown', () => {
    const effect = effectFor(lockdown(), 'all', loadPolicy('shanghai').specialPeriods, NOW)!;
    expect(effect.tasks).toHaveLength(6);
    expect(effect.tasks.at(-1)).toMatchObject({ taskId: 'S#2026-11-25', end: '2026-11-25' });
  });

  it('suspends routine home visits only where the order says so', () => {
    expect(effectFor(lockdown({ homeVisitsSuspended: false }), 'key', loadPolicy('sichuan').specialPeriods, NOW)!.remoteRoutineMethods).toBeUndefined();
  });

  it('makes no window that is already over, and nothing once the event has ended', () => {
    expect(effectFor(lockdown(), 'key', loadPolicy('sichuan').specialPeriods, '2026-11-22T12:00:00+08:00')!.tasks.map((t) => t.taskId)).toEqual(['S#2026-11-22', 'S#2026-11-24']);
    expect(effectFor(lockdown(), 'key', loadPolicy('sichuan').specialPeriods, '2026-11-26T00:00:01+08:00')!.tasks).toEqual([]);
  });

  it('Sichuan: a disaster sends key elders a home visit within 24 h and others a contact within 12 h; Jining a home visit to everyone', () => {
    const disaster = lockdown({ type: 'disaster', homeVisitsSuspended: false });
    expect(effectFor(disaster, 'key', loadPolicy('sichuan').specialPeriods, NOW)!.tasks).toEqual([
      { taskId: 'S#2026-11-20', start: '2026-11-20', end: '2026-11-21', opensAt: NOW, dueAt: '2026-11-21T09:00:00+08:00', methods: ['home'], homeRequired: true },
    ]);
    expect(effectFor(disaster, 'general', loadPolicy('sichuan').specialPeriods, NOW)!.tasks[0]).toMatchObject({ dueAt: '2026-11-20T21:00:00+08:00', homeRequired: false });
    expect(effectFor(disaster, 'general', loadPolicy('jining').specialPeriods, NOW)!.tasks[0]).toMatchObject({ dueAt: '2026-11-22T09:00:00+08:00', homeRequired: true });
  });

  it('never lets a weather or festival rule fire for an event, nor an event rule for a warning', () => {
    const rules = loadPolicy('sichuan').specialPeriods;
    expect(
      effectFor(
        lockdown(),
        'key',
        rules.filter((r) => r.on.kind !== 'event'),
        NOW,
      ),
    ).toBeUndefined();
  });
});

describe('The event rule schema (validated with the policy)', () => {
  const base = JSON.parse(JSON.stringify(loadPolicy('sichuan'))) as Record<string, unknown> & { specialPeriods: Record<string, unknown>[] };
  const withRule = (rule: Record<string, unknown>) => parsePolicy({ ...base, specialPeriods: [rule] }, 'sichuan');
  const rule = { id: 'x', label: 'x', on: { kind: 'event', events: ['epidemic_lockdown'] }, tiers: 'all', task: { repeat: 'periodic', everyDays: 2, methods: ['phone'], homeRequired: false }, notify: { visitor: true, family: false } };

  it('accepts a periodic lockdown rule with remote methods for suspended home visits', () => {
    expect(() => withRule({ ...rule, whileHomeVisitsSuspended: { routineMethods: ['phone', 'video'] } })).not.toThrow();
  });

  it('refuses a periodic task without everyDays, home among the remote methods, and a suspension on a weather rule', () => {
    expect(() => withRule({ ...rule, task: { ...rule.task, everyDays: undefined } })).toThrow(/task\.everyDays.*periodic task is for events and needs everyDays/);
    expect(() => withRule({ ...rule, whileHomeVisitsSuspended: { routineMethods: ['home'] } })).toThrow(/routineMethods.*must not include "home"/);
    expect(() =>
      withRule({ ...rule, on: { kind: 'alert', events: 'any', minLevel: 'red' }, task: { repeat: 'once', withinHours: 12, methods: ['phone'], homeRequired: false }, whileHomeVisitsSuspended: { routineMethods: ['phone'] } }),
    ).toThrow(/applies to events only/);
    expect(() => withRule({ ...rule, task: { repeat: 'daily', methods: ['phone'], homeRequired: false } })).toThrow(/an event task is once or periodic/);
  });
});

describe('Home visits suspended by an order: routine tasks remote-countable for the duration', () => {
  const homeTask = aTask({ start: '2026-11-16', end: '2026-11-30' });
  const remote = ['phone', 'video', 'remote_monitoring'] as const;

  it('records the suspension on a routine home-visit task whose window meets the event, until its last day', () => {
    const marked = suspendHomeVisits(homeTask, lockdown(), remote, NOW)!;
    expect(marked.remote).toEqual({ occasionId: 'event:ch-2026-11', until: '2026-11-25T23:59:59+08:00', methods: ['phone', 'video', 'remote_monitoring'] });
    expect(marked.history.at(-1)?.detail).toMatch(/home visits suspended by event:ch-2026-11/);
    expect(suspendHomeVisits(marked, lockdown(), remote, NOW)).toBeUndefined();
  });

  it('leaves tasks outside the dates, closed tasks, and tasks that need no home visit alone', () => {
    expect(suspendHomeVisits(aTask({ start: '2026-11-01', end: '2026-11-15' }), lockdown(), remote, NOW)).toBeUndefined();
    expect(suspendHomeVisits(aTask({ state: 'completed' }), lockdown(), remote, NOW)).toBeUndefined();
    expect(suspendHomeVisits(aTask({ homeRequired: false, methods: ['home', 'phone'] }), lockdown(), remote, NOW)).toBeUndefined();
  });

  it('counts a phone call during the lockdown, and not after it', () => {
    const marked = suspendHomeVisits(homeTask, lockdown(), remote, NOW)!;
    expect(methodsAt(marked, '2026-11-24T10:00:00+08:00')).toContain('phone');
    expect(visitCounts(marked, { method: 'phone', visitedAt: '2026-11-24T10:00:00+08:00' })).toEqual({ counts: true, late: false });
    expect(visitCounts(marked, { method: 'phone', visitedAt: '2026-11-27T10:00:00+08:00' })).toMatchObject({ counts: false });
    expect(visitCounts(homeTask, { method: 'phone', visitedAt: '2026-11-24T10:00:00+08:00' })).toMatchObject({ counts: false });
  });

  it('gives home visits back from the moment the event is cancelled', () => {
    const marked = suspendHomeVisits(homeTask, lockdown(), remote, NOW)!;
    const lifted = liftSuspension(marked, 'event:ch-2026-11', '2026-11-22T08:00:00+08:00')!;
    expect(lifted.remote?.until).toBe('2026-11-22T08:00:00+08:00');
    expect(visitCounts(lifted, { method: 'phone', visitedAt: '2026-11-21T10:00:00+08:00' })).toMatchObject({ counts: true });
    expect(visitCounts(lifted, { method: 'phone', visitedAt: '2026-11-23T10:00:00+08:00' })).toMatchObject({ counts: false });
  });
});

describe('Declaring an event: what an administrator may not ask for', () => {
  const deployment = { area: '510100', counties: ['510108'] };
  const d = { eventId: 'e1', type: 'epidemic_lockdown' as const, title: '封控', areaCodes: ['510108001'], from: '2026-11-20', to: '2026-11-25', homeVisitsSuspended: true };
  it('refuses dates reversed, an event over, too long or too far ahead, and an area outside the deployment', () => {
    expect(eventProblems(d, '2026-11-20', deployment)).toEqual([]);
    expect(eventProblems({ ...d, from: '2026-11-26' }, '2026-11-20', deployment).map((i) => i.code)).toEqual(['event_dates_reversed']);
    expect(eventProblems(d, '2026-11-26', deployment).map((i) => i.code)).toEqual(['event_over']);
    expect(eventProblems({ ...d, to: '2027-03-01' }, '2026-11-20', deployment).map((i) => i.code)).toEqual(['event_too_long']);
    expect(eventProblems({ ...d, from: '2026-12-25', to: '2026-12-26' }, '2026-11-20', deployment).map((i) => i.code)).toEqual(['event_too_far']);
    expect(eventProblems({ ...d, areaCodes: ['510108001', '440305001'] }, '2026-11-20', deployment)).toMatchObject([{ field: 'areaCodes.1', code: 'outside_deployment', message: '区划440305001不在本部署的服务范围内' }]);
  });
});
