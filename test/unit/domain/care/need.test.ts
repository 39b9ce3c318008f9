import { describe, expect, it } from 'vitest';
import { checkReferral, completeFollowUp, followUpOutcomeSchema, followUpSettled } from '../../../../shared/domain/care/follow-up';
import { addMeasure, isOpenNeed, MAX_MEASURES_PER_NEED, measureRef, moveNeedMeasure, needsFromVisit, parseMeasureRef, referredMeasures } from '../../../../shared/domain/care/need';
import type { Need } from '../../../../shared/domain/care/need';
import type { Task } from '../../../../shared/domain/task/task';
import { formatIssues } from '../../../../shared/domain/validation';

const place = { maskedName: '张*华', villageCode: '510108001001', villageName: '天鹅村', townshipCode: '510108001', countyCode: '510108' };
const visit = {
  visitId: 'v-1',
  elderId: 'E000001',
  visitorId: 'vis-1',
  visitedAt: '2026-11-20T10:00:00+08:00',
  needs: [
    { needId: 'n1', description: '助浴' },
    { needId: 'n2', description: '助餐' },
    { needId: 'n3', description: '维修' },
  ],
  measures: [
    { needId: 'n1', description: '转介居家养老服务中心上门助浴', status: 'referred' as const },
    { needId: 'n2', description: '联系社区食堂', status: 'in_progress' as const },
    { needId: 'n2', description: '家属每周送菜', status: 'planned' as const },
  ],
};
const recorded = '2026-11-20T11:00:00+08:00';

describe('Needs found on a visit (闭环管理)', () => {
  const needs = needsFromVisit(visit, place, recorded);

  it('keys each need by its visit and its id on the form, so a resubmitted visit names the same needs', () => {
    expect(needs.map((n) => n.needKey)).toEqual(['v-1.n1', 'v-1.n2', 'v-1.n3']);
    expect(needsFromVisit(visit, place, '2026-11-21T09:00:00+08:00').map((n) => n.needKey)).toEqual(needs.map((n) => n.needKey));
  });

  it('gives each need the measures the form matched to it, numbered in form order, first step by the visitor at the visit', () => {
    expect(needs[1]!.measures).toEqual([
      { measureId: 'm1', description: '联系社区食堂', state: 'in_progress', steps: [{ to: 'in_progress', by: 'vis-1', at: visit.visitedAt, note: 'recorded on visit v-1' }] },
      { measureId: 'm2', description: '家属每周送菜', state: 'planned', steps: [{ to: 'planned', by: 'vis-1', at: visit.visitedAt, note: 'recorded on visit v-1' }] },
    ]);
    expect(needs[0]).toMatchObject({ elderId: 'E000001', foundAt: visit.visitedAt, foundBy: 'vis-1', ...place, version: 1, updatedAt: recorded });
  });

  it('keeps a need open until it has a measure and every measure reached its end', () => {
    expect(needs.map(isOpenNeed)).toEqual([true, true, true]);
    expect(isOpenNeed({ measures: [] })).toBe(true);
    const done = (state: 'done' | 'followed_up') => ({ measureId: 'm1', description: 'x', state, steps: [] });
    expect(isOpenNeed({ measures: [done('done'), done('followed_up')] })).toBe(false);
  });

  it('names the referred measures a follow-up must check', () => {
    expect(referredMeasures(needs)).toEqual(['v-1.n1/m1']);
    expect(parseMeasureRef('v-1.n1/m1')).toEqual({ needKey: 'v-1.n1', measureId: 'm1' });
    expect(parseMeasureRef('no-slash')).toBeUndefined();
    expect(measureRef('v-1.n2', 'm2')).toBe('v-1.n2/m2');
  });

  it('adds a further measure to a need left without one, moving the need on a version', () => {
    const added = addMeasure(needs[2]!, '联系物业维修', 'planned', { by: 'lia-1', at: recorded });
    expect(added).toMatchObject({ ok: true, measure: { measureId: 'm1', state: 'planned' }, need: { version: 2 } });
  });

  it('refuses a need more measures than it may carry', () => {
    let need: Need = needs[2]!;
    for (let i = 0; i < MAX_MEASURES_PER_NEED; i++) need = (addMeasure(need, `措施${i}`, 'done', { by: 'lia-1', at: recorded }) as { need: Need }).need;
    expect(addMeasure(need, 'one more', 'done', { by: 'lia-1', at: recorded })).toEqual({ ok: false, reason: `a need carries at most ${MAX_MEASURES_PER_NEED} measures` });
  });

  it('moves one measure of a need and refuses a measure it does not have', () => {
    expect(moveNeedMeasure(needs[1]!, 'm1', 'done', { by: 'vis-1', at: recorded })).toMatchObject({ ok: true, measure: { state: 'done' }, need: { version: 2, measures: [{ state: 'done' }, { state: 'planned' }] } });
    expect(moveNeedMeasure(needs[1]!, 'm9', 'done', { by: 'vis-1', at: recorded })).toEqual({ ok: false, reason: 'need v-1.n2 has no measure m9' });
  });
});

describe('A follow-up checking referrals (跟踪回访)', () => {
  const need = needsFromVisit(visit, place, recorded)[0]!;
  const check = { taskId: 'F#v-1', by: 'ins-1', at: '2026-11-22T10:00:00+08:00', note: '已上门助浴两次' };

  it('follows up a referred measure found resolved, with who and when, closing its need', () => {
    const after = checkReferral(need, 'm1', { ...check, outcome: 'resolved' })!;
    expect(after.measures[0]).toMatchObject({ state: 'followed_up', checks: [{ ...check, outcome: 'resolved' }] });
    expect(after.measures[0]!.steps.at(-1)).toEqual({ to: 'followed_up', by: 'ins-1', at: check.at, note: '跟踪回访 F#v-1: 已上门助浴两次' });
    expect(isOpenNeed(after)).toBe(false);
  });

  it('keeps a referral found unresolved referred, the check noted, its need open', () => {
    const after = checkReferral(need, 'm1', { ...check, outcome: 'unresolved', note: '服务中心未上门' })!;
    expect(after.measures[0]).toMatchObject({ state: 'referred', checks: [{ outcome: 'unresolved' }] });
    expect(isOpenNeed(after)).toBe(true);
  });

  it('checks a measure once per follow-up, and leaves alone a measure that is no longer referred', () => {
    const once = checkReferral(need, 'm1', { ...check, outcome: 'unresolved' })!;
    expect(checkReferral(once, 'm1', { ...check, outcome: 'resolved' })).toBeUndefined();
    const resolved = checkReferral(need, 'm1', { ...check, outcome: 'resolved' })!;
    expect(checkReferral(resolved, 'm1', { ...check, taskId: 'F#r2-x', outcome: 'resolved' })).toBeUndefined();
  });

  it('completes the follow-up with its outcome, late after its deadline, assigned to whoever records it when nobody owned it', () => {
    const task = { taskId: 'F#v-1', state: 'open', visitorId: undefined, dueAt: '2026-11-21T10:00:00+08:00', history: [], version: 3 } as unknown as Task;
    const done = completeFollowUp(task, { by: 'ins-1', at: check.at, method: 'phone', outcome: 'unresolved', note: '未落实' }, 'F#r2-abc');
    expect(done).toMatchObject({ state: 'completed', visitorId: 'ins-1', late: true, completedAt: check.at, followUpNext: 'F#r2-abc', version: 4, followUpOutcome: { outcome: 'unresolved' } });
    expect(done.history.map((h) => h.event)).toEqual(['assign', 'complete']);
    expect(followUpSettled(done)).toBe(false);
    expect(followUpSettled({ state: 'completed', followUpOutcome: { ...done.followUpOutcome!, outcome: 'resolved' } })).toBe(true);
    expect(followUpSettled({ state: 'cancelled', followUpOutcome: undefined })).toBe(true);
  });

  it('names the broken field of an outcome form', () => {
    const bad = followUpOutcomeSchema.safeParse({ method: 'remote_monitoring', outcome: 'maybe', note: '' });
    expect(bad.success).toBe(false);
    expect(
      formatIssues(bad.error!)
        .map((i) => i.field)
        .sort(),
    ).toEqual(['method', 'note', 'outcome']);
  });
});
