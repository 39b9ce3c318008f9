import { describe, expect, it } from 'vitest';
import { TASK_STATES, transition } from '../../../../shared/domain/task/lifecycle';
import type { TaskEvent, TaskState } from '../../../../shared/domain/task/lifecycle';

const events: TaskEvent[] = [
  { type: 'assign', visitorId: 'v2' },
  { type: 'reassign', visitorId: 'v2', reason: 'visitor on leave' },
  { type: 'complete', visitId: 'visit-1' },
  { type: 'cancel', reason: 'elder moved out' },
  { type: 'miss' },
  { type: 'reopen', reason: 'visit judged fake' },
  { type: 'release', reason: 'the elder moved to a village without a named visitor' },
];

// The whole transition table: every state × every event.
const allowed: Record<TaskState, TaskEvent['type'][]> = {
  open: ['assign', 'cancel', 'miss'],
  assigned: ['reassign', 'complete', 'cancel', 'miss', 'release'],
  // Only a visit judged fake reopens a completed task (its window still open).
  completed: ['reopen'],
  cancelled: [],
  // A missed task (with its visitor) can still be reassigned, completed late or resolved.
  missed: ['reassign', 'complete', 'cancel', 'release'],
};
const expectedState: Record<TaskEvent['type'], TaskState> = {
  assign: 'assigned',
  reassign: 'assigned',
  complete: 'completed',
  cancel: 'cancelled',
  miss: 'missed',
  reopen: 'assigned',
  release: 'open',
};

describe('Task lifecycle', () => {
  for (const state of TASK_STATES) {
    for (const event of events) {
      const ok = allowed[state].includes(event.type);
      it(`${ok ? 'allows' : 'refuses'} ${event.type} on a ${state} task`, () => {
        const result = transition({ state, visitorId: state === 'open' ? undefined : 'v1' }, event);
        expect(result.ok).toBe(ok);
        if (result.ok) expect(result.status.state).toBe(state === 'missed' && (event.type === 'reassign' || event.type === 'release') ? 'missed' : expectedState[event.type]);
        else expect(result.error.message).toMatch(new RegExp(`^cannot ${event.type} a task that is ${state}: .+`));
      });
    }
  }

  it('moves the task to the new visitor on reassignment', () => {
    expect(transition({ state: 'assigned', visitorId: 'v1' }, events[1]!)).toEqual({
      ok: true,
      status: { state: 'assigned', visitorId: 'v2' },
    });
  });

  it('lets a supervisor give an unassigned missed task its first visitor, and it stays missed', () => {
    expect(transition({ state: 'missed' }, { type: 'assign', visitorId: 'v9' })).toEqual({ ok: true, status: { state: 'missed', visitorId: 'v9' } });
  });

  it('refuses a reassignment to the same visitor or without a reason, and a cancellation without a reason', () => {
    expect(transition({ state: 'assigned', visitorId: 'v1' }, { type: 'reassign', visitorId: 'v1', reason: 'x' }).ok).toBe(false);
    expect(transition({ state: 'assigned', visitorId: 'v1' }, { type: 'reassign', visitorId: 'v2', reason: ' ' }).ok).toBe(false);
    expect(transition({ state: 'open' }, { type: 'cancel', reason: '' }).ok).toBe(false);
  });
});
