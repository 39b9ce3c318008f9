import { describe, expect, it } from 'vitest';
import { MEASURE_STATES, moveMeasure, newMeasure, nextMeasureStates } from '../../../../shared/domain/care/measure';
import type { MeasureState } from '../../../../shared/domain/care/measure';

const at = '2026-11-20T10:00:00+08:00';
const step = { by: 'vis-1', at, note: '联系社区食堂' };
const measure = (state: MeasureState) => ({ measureId: 'm1', description: '每日送餐', state, steps: [{ to: state, by: 'vis-1', at: '2026-11-18T10:00:00+08:00' }] });

// The whole table (四川 000: 帮扶需求和帮扶措施要一一对应，落实情况形成闭环管理): every state × every target.
const allowed: Record<MeasureState, MeasureState[]> = {
  planned: ['in_progress', 'done', 'referred'],
  in_progress: ['done', 'referred'],
  referred: ['followed_up'],
  done: [],
  followed_up: [],
};

describe('Measure state machine', () => {
  for (const from of MEASURE_STATES) {
    for (const to of MEASURE_STATES) {
      const ok = allowed[from].includes(to);
      it(`${ok ? 'moves' : 'refuses to move'} a ${from} measure to ${to}`, () => {
        const result = moveMeasure(measure(from), to, step);
        expect(result.ok).toBe(ok);
        if (result.ok) {
          expect(result.measure.state).toBe(to);
          // Each step keeps who moved it, when, and why; the earlier steps stay.
          expect(result.measure.steps).toEqual([measure(from).steps[0], { to, ...step }]);
        } else {
          expect(result.error.name).toBe('MeasureTransitionError');
          expect(result.error.message).toMatch(new RegExp(`^cannot move a measure that is ${from} to ${to}: `));
        }
      });
    }
  }

  it('says why a move is refused in words a person can act on', () => {
    expect(moveMeasure(measure('done'), 'in_progress', step)).toMatchObject({ ok: false, error: { message: 'cannot move a measure that is done to in_progress: done is final: answer the need with a new measure instead' } });
    expect(moveMeasure(measure('in_progress'), 'followed_up', step)).toMatchObject({ ok: false, error: { message: expect.stringContaining('only a referred measure is followed up') } });
    expect(moveMeasure(measure('in_progress'), 'planned', step)).toMatchObject({ ok: false, error: { message: expect.stringContaining('never goes back to planned') } });
    expect(moveMeasure(measure('referred'), 'referred', step)).toMatchObject({ ok: false, error: { message: expect.stringContaining('it is already referred') } });
  });

  it('refuses a step without the person who took it', () => {
    expect(moveMeasure(measure('planned'), 'done', { by: '  ', at })).toMatchObject({ ok: false, error: { message: expect.stringContaining('needs the person who took it') } });
  });

  it('records a new measure with its first step, by whoever recorded it and when', () => {
    expect(newMeasure('m2', '转介上门助浴', 'referred', { by: 'vis-1', at })).toEqual({ measureId: 'm2', description: '转介上门助浴', state: 'referred', steps: [{ to: 'referred', by: 'vis-1', at }] });
  });

  it('lists where each state may go next, and nothing after the end', () => {
    expect(nextMeasureStates('planned')).toEqual(['in_progress', 'done', 'referred']);
    expect(nextMeasureStates('done')).toEqual([]);
    expect(nextMeasureStates('followed_up')).toEqual([]);
  });
});
