import { describe, expect, it } from 'vitest';
import { assigneeFor, coverProblem, leaveOn, leaveProblems, nextReturnOn } from '../../../../shared/domain/people/leave';
import type { Leave } from '../../../../shared/domain/people/leave';
import type { Person } from '../../../../shared/domain/people/person';

const visitor: Person = { personId: 'v1', name: '李明', roles: ['visitor'], areaCode: '510108001001', active: true };
const cover: Person = { personId: 'v2', name: '王芳', roles: ['visitor'], areaCode: '510108001002', active: true };
const leave = (over: Partial<Leave> = {}): Leave => ({ leaveId: '2026-11-10', visitorId: 'v1', from: '2026-11-10', to: '2026-11-20', coverId: 'v2', recordedBy: 'ins-1', recordedAt: '2026-11-09T10:00:00+08:00', ...over });
const TODAY = '2026-11-09';

describe('Leave and cover (请假, 代班)', () => {
  it('accepts a leave with a colleague of the same township covering', () => {
    expect(leaveProblems({ from: '2026-11-10', to: '2026-11-20', coverId: 'v2' }, visitor, cover, [], TODAY)).toEqual([]);
  });

  it('refuses leave dates reversed, a leave over 92 days, one already over and one recorded long after it began', () => {
    expect(leaveProblems({ from: '2026-11-20', to: '2026-11-10' }, visitor, undefined, [], TODAY)).toMatchObject([{ field: 'to', code: 'leave_dates_reversed', message: expect.stringContaining('结束日期不能早于开始日期') }]);
    expect(leaveProblems({ from: '2026-11-10', to: '2027-03-01' }, visitor, undefined, [], TODAY).map((i) => i.code)).toEqual(['leave_too_long']);
    expect(leaveProblems({ from: '2026-10-01', to: '2026-11-01' }, visitor, undefined, [], TODAY).map((i) => i.code)).toEqual(['leave_in_past', 'leave_backdated']);
  });

  it('refuses a leave overlapping one already recorded, but not the same leave again', () => {
    expect(leaveProblems({ from: '2026-11-15', to: '2026-11-25' }, visitor, undefined, [leave()], TODAY).map((i) => i.code)).toEqual(['leave_overlaps']);
    expect(leaveProblems({ from: '2026-11-10', to: '2026-11-20', coverId: 'v2' }, visitor, cover, [leave()], TODAY)).toEqual([]);
  });

  it('refuses a cover who is the visitor, unknown, inactive, not a visitor, or outside the area', () => {
    expect(coverProblem(visitor, visitor)?.code).toBe('cover_is_visitor');
    expect(coverProblem(undefined, visitor)?.code).toBe('cover_unknown');
    expect(coverProblem({ ...cover, active: false }, visitor)?.code).toBe('cover_inactive');
    expect(coverProblem({ ...cover, roles: ['liaison'] }, visitor)?.code).toBe('cover_not_visitor');
    expect(coverProblem({ ...cover, areaCode: '510108002001' }, visitor)).toMatchObject({ code: 'cover_outside_area', message: expect.stringContaining('不包含请假人员的服务区域') });
    // A township visitor on leave needs a cover who reaches the whole township: a village visitor of it does.
    expect(coverProblem(cover, { personId: 'v9', areaCode: '510108001' })).toBeUndefined();
    expect(coverProblem({ ...cover, areaCode: '510108002001' }, { personId: 'v9', areaCode: '510108001' })?.code).toBe('cover_outside_area');
  });

  it('gives a task due on a leave day to the cover, and tasks due before or after to the visitor', () => {
    const leaves = [leave()];
    expect(assigneeFor(visitor, leaves, cover, '510108001001', '2026-11-15')).toEqual({ visitorId: 'v2', cover: { for: 'v1', leaveId: '2026-11-10' } });
    expect(assigneeFor(visitor, leaves, cover, '510108001001', '2026-11-20')).toMatchObject({ visitorId: 'v2' });
    expect(assigneeFor(visitor, leaves, cover, '510108001001', '2026-11-21')).toEqual({ visitorId: 'v1' });
    expect(assigneeFor(visitor, leaves, cover, '510108001001', '2026-11-09')).toEqual({ visitorId: 'v1' });
  });

  it('leaves a task with nobody when the visitor is inactive, away without a cover, or the cover cannot take it', () => {
    expect(assigneeFor({ ...visitor, active: false }, [], undefined, '510108001001', '2026-11-15')).toEqual({ visitorId: undefined, unassigned: 'inactive' });
    expect(assigneeFor(undefined, [], undefined, '510108001001', '2026-11-15')).toEqual({ visitorId: undefined, unassigned: 'inactive' });
    expect(assigneeFor(visitor, [leave({ coverId: undefined })], undefined, '510108001001', '2026-11-15')).toEqual({ visitorId: undefined, unassigned: 'on_leave' });
    expect(assigneeFor(visitor, [leave()], { ...cover, active: false }, '510108001001', '2026-11-15')).toEqual({ visitorId: undefined, unassigned: 'cover_unavailable' });
    expect(assigneeFor(visitor, [leave()], cover, '510108002001', '2026-11-15')).toEqual({ visitorId: undefined, unassigned: 'cover_unavailable' });
  });

  it('lets an inactive visitor’s elders go to a cover still named for the days', () => {
    expect(assigneeFor({ ...visitor, active: false }, [leave()], cover, '510108001001', '2026-11-12')).toMatchObject({ visitorId: 'v2' });
  });

  it('knows the leave of a day and the morning a cover hands tasks back', () => {
    expect(leaveOn([leave()], '2026-11-20')?.leaveId).toBe('2026-11-10');
    expect(leaveOn([leave()], '2026-11-21')).toBeUndefined();
    expect(nextReturnOn([leave(), leave({ leaveId: '2026-12-01', from: '2026-12-01', to: '2026-12-03' })])).toBe('2026-11-21');
    expect(nextReturnOn([leave({ returnedAt: '2026-11-21T06:00:00+08:00' })])).toBeUndefined();
    expect(nextReturnOn([leave({ coverId: undefined })])).toBeUndefined();
  });
});
