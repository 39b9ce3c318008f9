import { describe, expect, it } from 'vitest';
import { addMonths, expiryOf } from '../../../../shared/domain/task/retention';
import { monthsToArchive } from '../../../../shared/app/archive-closed';
import { toMillis } from '../../../../shared/domain/time/instant';
import { aTask } from '../../../helpers/task-factory';

const epoch = (instant: string) => toMillis(instant) / 1000;
const done = (at: string) => aTask({ state: 'completed', completedAt: at, history: [{ at, event: 'complete', by: 'v1' }] });

describe('When a closed task may leave the hot table', () => {
  it('counts months across year ends', () => {
    expect(addMonths('2026-11', 13)).toBe('2027-12');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2027-12', -13)).toBe('2026-11');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
  });

  it('keeps a task completed in its window for its month and 13 full months after, with 13 months of retention', () => {
    expect(expiryOf(done('2026-11-20T10:00:00+08:00'), 13)).toBe(epoch('2028-01-01T00:00:00+08:00'));
  });

  it('keeps a cancelled task from its cancellation', () => {
    const cancelled = aTask({ state: 'cancelled', history: [{ at: '2026-11-20T10:00:00+08:00', event: 'cancel', by: 'sup', detail: '已迁出' }] });
    expect(expiryOf(cancelled, 25)).toBe(epoch('2029-01-01T00:00:00+08:00'));
  });

  it.each(['open', 'assigned', 'missed'] as const)('never expires a %s task: it is still owed', (state) => {
    expect(expiryOf(aTask({ state }), 13)).toBeUndefined();
  });

  it('keeps for good a task closed in the month of its last archive pass or later (the archive could not see its last state)', () => {
    // Window month 2026-11, 13 months: the last pass runs in 2027-12.
    expect(expiryOf(done('2027-11-30T23:00:00+08:00'), 13)).toBe(epoch('2028-01-01T00:00:00+08:00'));
    expect(expiryOf(done('2027-12-01T00:00:00+08:00'), 13)).toBeUndefined();
    expect(expiryOf(done('2029-03-01T00:00:00+08:00'), 13)).toBeUndefined();
  });

  it('uses the China calendar month of the closing instant (00:30 on 1 December in Beijing is December)', () => {
    expect(expiryOf(done('2027-12-01T00:30:00+08:00'), 13)).toBeUndefined();
  });

  it('archives, in each month, the month whose tasks expire at its end and the next one a month early', () => {
    expect(monthsToArchive('2027-12', 13)).toEqual(['2026-11', '2026-12']);
    // Every window month gets two passes, the later one its last before expiry.
    const passes = ['2027-11', '2027-12'].flatMap((m) => monthsToArchive(m, 13));
    expect(passes.filter((m) => m === '2026-11')).toHaveLength(2);
  });
});
