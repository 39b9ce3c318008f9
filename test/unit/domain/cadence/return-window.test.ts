import { describe, expect, it } from 'vitest';
import { returnWindow } from '../../../../shared/domain/cadence/return-window';
import type { ResolvedCadence } from '../../../../shared/domain/policy/classify';

const halfMonthHome: ResolvedCadence = { period: 'half_month', visits: 1, homeRequired: true, methods: ['home'] };
const shanghai: ResolvedCadence = { period: 'week', visits: 2, homeRequired: false, methods: ['home', 'phone'] };
const cancelled = { periodId: '2026-11-H2', kind: 'routine' as const, state: 'cancelled' as const, end: '2026-11-30' };

describe('Back from hospital: the rest of the current period (住院后返家)', () => {
  it('opens a window from the day of return to the end of the period whose visit was cancelled for the stay', () => {
    const w = returnWindow({ elderId: 'E1', returnedOn: '2026-11-22', today: '2026-11-22', cadence: halfMonthHome, plannedThrough: '2026-11-30', tasks: [cancelled] })!;
    expect(w.taskId).toBe('2026-11-H2#R2026-11-22');
    expect(w.window).toMatchObject({ periodId: '2026-11-H2', start: '2026-11-22', end: '2026-11-30', opensAt: '2026-11-22T00:00:00+08:00', dueAt: '2026-11-30T23:59:59+08:00', slot: 1, of: 1 });
  });

  it('starts the window today when the return was recorded late', () => {
    expect(returnWindow({ elderId: 'E1', returnedOn: '2026-11-18', today: '2026-11-24', cadence: halfMonthHome, plannedThrough: '2026-11-30', tasks: [cancelled] })?.window.start).toBe('2026-11-24');
  });

  it('opens nothing when the period’s visits were already made before the stay', () => {
    expect(returnWindow({ elderId: 'E1', returnedOn: '2026-11-22', today: '2026-11-22', cadence: halfMonthHome, plannedThrough: '2026-11-30', tasks: [{ ...cancelled, state: 'completed' }] })).toBeUndefined();
  });

  it('owes the rest when one of two weekly visits was made', () => {
    const tasks = [
      { periodId: '2026-W48', kind: 'routine' as const, state: 'completed' as const, end: '2026-11-25' },
      { periodId: '2026-W48', kind: 'routine' as const, state: 'cancelled' as const, end: '2026-11-29' },
    ];
    expect(returnWindow({ elderId: 'E1', returnedOn: '2026-11-27', today: '2026-11-27', cadence: shanghai, plannedThrough: '2026-11-29', tasks })?.window).toMatchObject({ slot: 2, of: 2, start: '2026-11-27', end: '2026-11-29' });
  });

  it('leaves the period to generation when it has not been planned yet, and does not double an open task', () => {
    expect(returnWindow({ elderId: 'E1', returnedOn: '2026-11-22', today: '2026-11-22', cadence: halfMonthHome, plannedThrough: '2026-11-15', tasks: [] })).toBeUndefined();
    expect(returnWindow({ elderId: 'E1', returnedOn: '2026-11-22', today: '2026-11-22', cadence: halfMonthHome, plannedThrough: '2026-11-30', tasks: [{ ...cancelled, state: 'assigned' }] })).toBeUndefined();
  });
});
