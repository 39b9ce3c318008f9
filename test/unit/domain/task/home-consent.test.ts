import { describe, expect, it } from 'vitest';
import { underHomeConsent } from '../../../../shared/domain/task/home-consent';
import type { Task } from '../../../../shared/domain/task/task';
import { aTask } from '../../../helpers/task-factory';
import { loadPolicy } from '../../../../shared/policies/load';

const rule = loadPolicy('sichuan').homeVisitConsent;
const refusal = { by: 'carer' as const, carerName: '李明', on: '2026-10-12', reason: '老人术后需静养' };
// The shared routine task moved to the second half of October, before any history.
const task = (over: Partial<Task> = {}): Task =>
  aTask({
    taskId: '2026-10-H2#1',
    periodId: '2026-10-H2',
    start: '2026-10-16',
    end: '2026-10-31',
    opensAt: '2026-10-16T00:00:00+08:00',
    dueAt: '2026-10-31T23:59:59+08:00',
    generatedOn: '2026-10-13',
    createdAt: '2026-10-13T06:00:00+08:00',
    history: [],
    version: 1,
    ...over,
  });
const at = '2026-10-20T10:00:00+08:00';

describe('Open tasks when home visits are refused (入户探访要征得同意)', () => {
  it('turns an open home-only task into one a call or an outdoor meeting completes, at once, with history', () => {
    const next = underHomeConsent(task(), 'refused', refusal, rule, at)!;
    expect(next).toMatchObject({ homeRequired: false, methods: ['phone', 'video', 'on_the_way', 'other'], version: 2, homeRefusal: { ...refusal, asked: { homeRequired: true, methods: ['home'] } } });
    expect(next.history.at(-1)).toEqual({ at, event: 'home_consent', by: 'ledger', detail: '赡养人李明于2026-10-12不同意入户（老人术后需静养）: 电话/互联网音视频/路遇/其他完成本任务' });
  });

  it('turns a missed (escalating) task too, so a late call can still complete it', () => {
    expect(underHomeConsent(task({ state: 'missed' }), 'refused', refusal, rule, at)?.methods).not.toContain('home');
  });

  it('leaves completed and cancelled tasks, and tasks already made for the refusal', () => {
    expect(underHomeConsent(task({ state: 'completed' }), 'refused', refusal, rule, at)).toBeUndefined();
    expect(underHomeConsent(task({ state: 'cancelled' }), 'refused', refusal, rule, at)).toBeUndefined();
    const made = underHomeConsent(task(), 'refused', refusal, rule, at)!;
    expect(underHomeConsent(made, 'refused', refusal, rule, at)).toBeUndefined();
  });
});

describe('Open tasks when a refusal is withdrawn', () => {
  const refused = underHomeConsent(task({ start: '2026-11-01', end: '2026-11-15', opensAt: '2026-11-01T00:00:00+08:00' }), 'refused', refusal, rule, at)!;

  it('gives a window not yet open its home visit back', () => {
    const next = underHomeConsent(refused, 'restored', undefined, rule, '2026-10-25T10:00:00+08:00')!;
    expect(next).toMatchObject({ homeRequired: true, methods: ['home'], homeRefusal: undefined });
    expect(next.history.at(-1)?.event).toBe('home_consent');
  });

  it('never rewrites the task of a window already open: a call still completes it', () => {
    expect(underHomeConsent(refused, 'restored', undefined, rule, '2026-11-01T00:00:00+08:00')).toBeUndefined();
    expect(underHomeConsent(refused, 'restored', undefined, rule, '2026-11-03T09:00:00+08:00')).toBeUndefined();
  });

  it('leaves tasks that never carried a refusal', () => {
    expect(underHomeConsent(task(), 'restored', undefined, rule, '2026-10-01T10:00:00+08:00')).toBeUndefined();
  });
});
