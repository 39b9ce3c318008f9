import { describe, expect, it } from 'vitest';
import { visitRate } from '../../../../shared/domain/reports/visit-rate';

const task = (state: string, dueAt: string) => ({ state, dueAt }) as Parameters<typeof visitRate>[0][number];

describe('Visit rate', () => {
  const asOf = '2026-11-30T12:00:00+08:00';

  it('counts visited ÷ owed over windows that have closed', () => {
    const r = visitRate([task('completed', '2026-11-15T23:59:59+08:00'), task('missed', '2026-11-15T23:59:59+08:00'), task('assigned', '2026-11-20T23:59:59+08:00')], asOf);
    expect(r).toEqual({ due: 3, completed: 1, notVisited: 2, stillOpen: 0, visitedEarly: 0, rate: 1 / 3 });
  });

  it('reports windows still open apart, so early visits do not flatter a month in progress', () => {
    const r = visitRate([task('completed', '2026-11-30T23:59:59+08:00'), task('assigned', '2026-11-30T23:59:59+08:00')], asOf);
    expect(r).toEqual({ due: 0, completed: 0, notVisited: 0, stillOpen: 2, visitedEarly: 1, rate: null });
  });

  it('leaves cancelled tasks out: the visit was no longer owed', () => {
    expect(visitRate([task('cancelled', '2026-11-15T23:59:59+08:00'), task('completed', '2026-11-15T23:59:59+08:00')], asOf).rate).toBe(1);
  });

  it('closes a window at its due second, not before', () => {
    expect(visitRate([task('assigned', '2026-11-30T12:00:00+08:00')], asOf).due).toBe(1);
    expect(visitRate([task('assigned', '2026-11-30T12:00:01+08:00')], asOf).due).toBe(0);
  });
});
