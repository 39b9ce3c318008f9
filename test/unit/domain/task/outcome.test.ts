import { describe, expect, it } from 'vitest';
import { afterFakeVisit, completionOutcome, freezeIfClosed, missedOutcome } from '../../../../shared/domain/task/outcome';
import type { Task } from '../../../../shared/domain/task/task';
import { aTask } from '../../../helpers/task-factory';

// The shared routine task, without its creation entry: these tests read the history they add.
const task = (over: Partial<Task> = {}): Task => aTask({ history: [], ...over });
const done = (over: Partial<Task> = {}) =>
  task({ state: 'completed', visitId: 'visit-1', completedAt: '2026-11-20T10:00:00+08:00', outcome: { result: 'visited', visitorId: 'v1', method: 'home', visitId: 'visit-1', at: '2026-11-20T10:05:00+08:00' }, ...over });

describe('Window outcomes', () => {
  it('fixes a routine window as missed with the visitor responsible, and nothing for special or follow-up tasks', () => {
    expect(missedOutcome(task(), '2026-12-01T00:05:00+08:00')).toEqual({ result: 'missed', visitorId: 'v1', at: '2026-12-01T00:05:00+08:00' });
    expect(missedOutcome(task({ kind: 'special' }), 'x')).toBeUndefined();
    expect(completionOutcome(task(), { visitId: 'a', visitorId: 'v1', method: 'home', late: true }, 'x')).toMatchObject({ result: 'late', method: 'home' });
  });

  it('fixes the miss before a task whose window closed is cancelled, so the cancel cannot erase it', () => {
    expect(freezeIfClosed(task(), '2026-12-01T08:00:00+08:00').outcome).toMatchObject({ result: 'missed' });
    expect(freezeIfClosed(task(), '2026-11-29T08:00:00+08:00').outcome).toBeUndefined();
    expect(freezeIfClosed(done(), '2026-12-01T08:00:00+08:00').outcome?.result).toBe('visited');
  });

  it('reopens a task whose visit is judged fake while its window is open: owed again, back on the list', () => {
    const next = afterFakeVisit(done(), 'visit-1', 'ins-1', '2026-11-25T09:00:00+08:00')!;
    expect(next).toMatchObject({ state: 'assigned', visitorId: 'v1', visitId: undefined, outcome: undefined, fakeVisits: ['visit-1'], version: 4 });
    expect(next.history.at(-1)).toMatchObject({ event: 'reopen', by: 'ins-1' });
  });

  it('turns a closed window completed by a fake visit into a fake outcome, and does it once', () => {
    const next = afterFakeVisit(done(), 'visit-1', 'ins-1', '2026-12-03T09:00:00+08:00')!;
    expect(next).toMatchObject({ state: 'completed', outcome: { result: 'fake', visitorId: 'v1' }, fakeVisits: ['visit-1'] });
    expect(afterFakeVisit(next, 'visit-1', 'ins-1', '2026-12-04T09:00:00+08:00')).toBeUndefined();
  });

  it('leaves a task alone when the fake visit was not the one that completed it', () => {
    expect(afterFakeVisit(done(), 'other-visit', 'ins-1', '2026-11-25T09:00:00+08:00')).toBeUndefined();
    expect(afterFakeVisit(task(), 'visit-1', 'ins-1', '2026-11-25T09:00:00+08:00')).toBeUndefined();
  });
});
