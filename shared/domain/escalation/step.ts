import { toInstant, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import type { Ladder } from './ladder';

const HOUR = 3_600_000;

/** Where a task stands on its ladder. Level 0: nobody notified yet. */
export interface EscalationState {
  level: number;
  notifiedAt?: Instant | undefined;
  /** Times the current level was notified again. */
  repeats: number;
  acknowledged?: { by: string; at: Instant; until: Instant } | undefined;
  /**
   * The ladder counts from here instead of the due time: set when a task is reassigned, so the
   * new visitor gets a fresh grace period before anyone is chased.
   */
  clockFrom?: Instant | undefined;
  /** When the task next needs attention; absent when the ladder has nothing more to do. */
  nextAt?: Instant | undefined;
}

export const NOT_ESCALATED: EscalationState = { level: 0, repeats: 0 };

export type EscalationStep = { action: 'notify'; level: number; repeat: boolean; state: EscalationState } | { action: 'wait'; state: EscalationState };

const at = (ms: number) => toInstant(new Date(ms));

/**
 * The next move on the ladder at `now` (pure arithmetic). Level i (1-based) is due at
 * `dueAt + afterDueHours`; an acknowledgement holds everything back until it expires, and
 * nothing is earlier than that. A level with `repeatEveryHours` is notified again at that
 * interval until the next level is due, or for good at the last level.
 */
export function escalationStep(dueAt: Instant, ladder: Ladder, state: EscalationState, now: Instant): EscalationStep {
  const t = toMillis(now);
  const { levelAt, repeatAt, heldUntil } = timing(dueAt, ladder, state);
  if (t >= heldUntil && state.level < ladder.length && t >= levelAt(state.level)) {
    return { action: 'notify', level: state.level + 1, repeat: false, state: scheduleNext(dueAt, ladder, { ...state, level: state.level + 1, notifiedAt: now, repeats: 0 }) };
  }
  const again = repeatAt(state);
  if (t >= heldUntil && again !== undefined && t >= again) {
    return { action: 'notify', level: state.level, repeat: true, state: scheduleNext(dueAt, ladder, { ...state, notifiedAt: now, repeats: state.repeats + 1 }) };
  }
  return { action: 'wait', state: scheduleNext(dueAt, ladder, state) };
}

/** The state with `nextAt` set: the next level's time or the next repeat, whichever is first. */
export function scheduleNext(dueAt: Instant, ladder: Ladder, state: EscalationState): EscalationState {
  const { levelAt, repeatAt } = timing(dueAt, ladder, state);
  const candidates = [state.level < ladder.length ? levelAt(state.level) : undefined, repeatAt(state)].filter((x): x is number => x !== undefined);
  return { ...state, nextAt: candidates.length === 0 ? undefined : at(Math.min(...candidates)) };
}

function timing(dueAt: Instant, ladder: Ladder, state: EscalationState) {
  const heldUntil = state.acknowledged ? toMillis(state.acknowledged.until) : -Infinity;
  return {
    heldUntil,
    levelAt: (index: number) => Math.max(toMillis(state.clockFrom ?? dueAt) + ladder[index]!.afterDueHours * HOUR, heldUntil),
    repeatAt: (s: EscalationState) => {
      const current = ladder[s.level - 1];
      return current?.repeatEveryHours && s.notifiedAt ? Math.max(toMillis(s.notifiedAt) + current.repeatEveryHours * HOUR, heldUntil) : undefined;
    },
  };
}

/** Starts the ladder over, counting from `from` (e.g. a reassignment plus the new visitor's grace period). */
export function restartLadder(dueAt: Instant, ladder: Ladder, from: Instant): EscalationState {
  return scheduleNext(dueAt, ladder, { level: 0, repeats: 0, clockFrom: from });
}

/** Holds escalation back until `until`; the next attention is then. */
export function acknowledge(state: EscalationState, by: string, now: Instant, hours: number): EscalationState {
  const until = at(toMillis(now) + hours * HOUR);
  return { ...state, acknowledged: { by, at: now, until }, nextAt: until };
}
