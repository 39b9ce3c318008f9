import type { Instant } from '../time/instant';

/**
 * A measure (帮扶措施) answering one need found on a visit. 四川 000 (探访关爱服务记录表):
 * 对照记录的帮扶需求和帮扶措施要一一对应，落实情况形成闭环管理 — every need is matched by a
 * measure, and each measure is carried to its end:
 *
 *   planned → in_progress → done        (the visitor, liaison or township does it)
 *   planned | in_progress → referred → followed_up   (转介: another service does it, and the
 *                                                     township checks it was done: 跟踪回访)
 *
 * `done` and `followed_up` are final. A step may skip `in_progress` (a service done the same
 * day), never go back: a measure that turns out not to work is answered by a new measure.
 */
export const MEASURE_STATES = ['planned', 'in_progress', 'done', 'referred', 'followed_up'] as const;
export type MeasureState = (typeof MEASURE_STATES)[number];

/** 计划 进行中 已完成 已转介 已回访 */
export const MEASURE_STATE_NAMES_ZH: Record<MeasureState, string> = {
  planned: '计划',
  in_progress: '进行中',
  done: '已完成',
  referred: '已转介',
  followed_up: '已回访',
};

export const FINAL_MEASURE_STATES: readonly MeasureState[] = ['done', 'followed_up'];

/** Where each state may go next. */
const NEXT: Record<MeasureState, readonly MeasureState[]> = {
  planned: ['in_progress', 'done', 'referred'],
  in_progress: ['done', 'referred'],
  referred: ['followed_up'],
  done: [],
  followed_up: [],
};

/** One step of a measure: what it became, who moved it, when, and why. */
export interface MeasureStep {
  to: MeasureState;
  by: string;
  at: Instant;
  note?: string | undefined;
}

/** What a follow-up (跟踪回访) found about a referred measure, kept on the measure. */
export interface MeasureCheck {
  taskId: string;
  by: string;
  at: Instant;
  outcome: 'resolved' | 'unresolved';
  note: string;
}

export interface Measure {
  /** Unique within its need: m1, m2… in the order they were taken. */
  measureId: string;
  description: string;
  state: MeasureState;
  /** Every step, the first being how it was recorded. */
  steps: MeasureStep[];
  /** Follow-ups that checked this measure (a referral followed up unresolved stays referred). */
  checks?: MeasureCheck[] | undefined;
}

export class MeasureTransitionError extends Error {
  override readonly name = 'MeasureTransitionError';
  constructor(
    readonly from: MeasureState,
    readonly to: MeasureState,
    reason: string,
  ) {
    super(`cannot move a measure that is ${from} to ${to}: ${reason}`);
  }
}

export type MeasureMove = { ok: true; measure: Measure } | { ok: false; error: MeasureTransitionError };

export const isFinalMeasure = (state: MeasureState) => FINAL_MEASURE_STATES.includes(state);

/** The states a measure in `state` may move to. */
export function nextMeasureStates(state: MeasureState): readonly MeasureState[] {
  return NEXT[state];
}

/** Moves a measure one step, recording who and when; a move the rules do not allow is an error value. */
export function moveMeasure(measure: Measure, to: MeasureState, step: Omit<MeasureStep, 'to'>): MeasureMove {
  const from = measure.state;
  const refuse = (reason: string): MeasureMove => ({ ok: false, error: new MeasureTransitionError(from, to, reason) });
  if (step.by.trim() === '') return refuse('a step needs the person who took it');
  if (from === to) return refuse(`it is already ${from}`);
  if (isFinalMeasure(from)) return refuse(`${from} is final: answer the need with a new measure instead`);
  if (!NEXT[from].includes(to)) {
    const why = to === 'followed_up' ? 'only a referred measure is followed up' : to === 'planned' ? 'a measure never goes back to planned' : `from ${from} it may become ${NEXT[from].join(' or ')}`;
    return refuse(why);
  }
  return { ok: true, measure: { ...measure, state: to, steps: [...measure.steps, { to, ...step }] } };
}

/** A new measure as first recorded: `planned`, already under way, done, or referred. */
export function newMeasure(measureId: string, description: string, state: Exclude<MeasureState, 'followed_up'>, step: Omit<MeasureStep, 'to'>): Measure {
  return { measureId, description, state, steps: [{ to: state, ...step }] };
}
