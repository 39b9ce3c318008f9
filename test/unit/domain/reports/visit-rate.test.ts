import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../../shared/domain/reports/period';
import { visitRates, windowStatus } from '../../../../shared/domain/reports/visit-rate';
import type { RateTask } from '../../../../shared/domain/reports/visit-rate';

const period = (text: string) => {
  const p = parsePeriod(text);
  if (!p.ok) throw new Error(p.rule);
  return p.period;
};

let n = 0;
/** A routine window ending on `end` (due 23:59:59 that day). */
function win(end: string, over: Partial<RateTask> = {}): RateTask {
  n++;
  return { elderId: `E${n}`, taskId: `${end}#1`, kind: 'routine', tier: 'general', state: 'assigned', end, dueAt: `${end}T23:59:59+08:00`, villageCode: '510108001001', visitorId: 'v1', maskedName: '张*华', ...over };
}
const visited = (end: string, over: Partial<RateTask> = {}) => win(end, { state: 'completed', outcome: { result: 'visited', visitorId: 'v1', method: 'home', visitId: `visit-${end}`, at: `${end}T10:00:00+08:00` }, ...over });
const missed = (end: string, over: Partial<RateTask> = {}) => win(end, { state: 'missed', outcome: { result: 'missed', visitorId: 'v1', at: `${end}T23:59:59+08:00` }, ...over });

const NOV = period('2026-11');
const rates = (tasks: RateTask[], asOf = '2026-12-01T01:00:00+08:00', by: Parameters<typeof visitRates>[1]['by'] = []) => visitRates(tasks, { area: '510108', period: NOV, asOf, by });

describe('Visit rate arithmetic (探访率)', () => {
  it('counts the windows closed in the month: visited ÷ owed, against the 100 % target, with the shortfall', () => {
    const r = rates([visited('2026-11-15'), visited('2026-11-30'), missed('2026-11-15'), visited('2026-10-31')]);
    expect(r.total).toMatchObject({ owed: 3, visited: 2, missed: 1, target: 1, shortfall: 1, byMethod: { home: 2 } });
    expect(r.total.rate).toBeCloseTo(2 / 3);
    expect(r.shortfalls).toEqual([expect.objectContaining({ result: 'missed', dueAt: '2026-11-15T23:59:59+08:00' })]);
  });

  it('in a month still running counts only the windows already closed; open ones, visited or not, stand apart', () => {
    const r = rates([visited('2026-11-15'), win('2026-11-30'), visited('2026-11-30')], '2026-11-20T12:00:00+08:00');
    expect(r.total).toMatchObject({ owed: 1, visited: 1, rate: 1, stillOpen: 2, visitedEarly: 1 });
  });

  it('counts a window the moment it closes, even before the escalation run has marked it missed', () => {
    const due = win('2026-11-30');
    expect(windowStatus(due, '2026-11-30T23:59:58+08:00')).toEqual({ closed: false, visited: false });
    expect(windowStatus(due, '2026-11-30T23:59:59+08:00')).toEqual({ closed: true, owed: true, result: 'missed' });
  });

  it('owes nothing for the windows of an elder who left before they closed, and keeps the ones that closed before', () => {
    // Died on 20 November: the H1 window had closed missed; H2 was cancelled before it closed.
    const r = rates([missed('2026-11-15', { elderId: 'E-left', state: 'cancelled' }), win('2026-11-30', { elderId: 'E-left', state: 'cancelled' })]);
    expect(r.total).toMatchObject({ owed: 1, visited: 0, missed: 1 });
  });

  it('owes only the windows of an elder who joined mid-month from their first window on', () => {
    // Registered on 10 November: generation made only the H2 window.
    const r = rates([visited('2026-11-30', { elderId: 'E-new' })]);
    expect(r.total).toMatchObject({ owed: 1, visited: 1, rate: 1 });
  });

  it('keeps each window in the tier it was generated in when the elder changes tier mid-month', () => {
    const r = rates([visited('2026-11-15', { elderId: 'E80', tier: 'general' }), missed('2026-11-30', { elderId: 'E80', tier: 'key' })], undefined, ['tier']);
    expect(r.rows.map((x) => [x.tier, x.owed, x.visited])).toEqual([
      ['general', 1, 1],
      ['key', 1, 0],
    ]);
  });

  it('names a late visit and a visit later judged fake as shortfalls, never as visited', () => {
    const late = win('2026-11-15', { state: 'completed', late: true, outcome: { result: 'late', visitorId: 'v1', method: 'home', at: '2026-11-17T10:00:00+08:00' } });
    const fake = win('2026-11-30', { state: 'completed', outcome: { result: 'fake', visitorId: 'v1', method: 'home', visitId: 'x', at: '2026-12-03T10:00:00+08:00' } });
    const r = rates([late, fake, visited('2026-11-30')]);
    expect(r.total).toMatchObject({ owed: 3, visited: 1, late: 1, fake: 1, shortfall: 2 });
    expect(r.shortfalls.map((s) => s.result).sort()).toEqual(['fake', 'late']);
  });

  it('never rewrites a closed window when its task changes later: a missed window resolved afterwards stays owed', () => {
    const resolvedAfter = missed('2026-11-15', { state: 'cancelled' });
    expect(rates([resolvedAfter]).total).toMatchObject({ owed: 1, missed: 1 });
  });

  it('counts special-period and follow-up tasks apart from the rate', () => {
    expect(rates([missed('2026-11-15', { kind: 'special' }), missed('2026-11-15', { kind: 'follow_up' })]).total.owed).toBe(0);
  });

  it('rows by visitor count the visitor responsible when the window closed, and "-" where nobody was', () => {
    const r = rates([missed('2026-11-15', { visitorId: 'v2', outcome: { result: 'missed', visitorId: 'v1', at: 'x' } }), missed('2026-11-15', { visitorId: undefined, outcome: { result: 'missed', at: 'x' } })], undefined, ['visitor']);
    expect(r.rows.map((x) => x.visitorId)).toEqual(['-', 'v1']);
  });

  it('puts a window that ends on Sunday 3 January 2027 in ISO week 2026-W53 and in January 2027', () => {
    const tasks = [visited('2026-12-31'), missed('2027-01-03')];
    const w53 = visitRates(tasks, { area: '310104', period: period('2026-W53'), asOf: '2027-01-05T00:00:00+08:00' });
    expect(w53.total).toMatchObject({ owed: 2, visited: 1 });
    expect(visitRates(tasks, { area: '310104', period: period('2027-01'), asOf: '2027-01-05T00:00:00+08:00' }).total).toMatchObject({ owed: 1, visited: 0 });
    expect(visitRates(tasks, { area: '310104', period: period('2026-12'), asOf: '2027-01-05T00:00:00+08:00' }).total).toMatchObject({ owed: 1, visited: 1 });
  });

  it('has no rate, not zero, when no window has closed', () => {
    expect(rates([], '2026-11-01T00:00:00+08:00').total.rate).toBeNull();
  });
});
