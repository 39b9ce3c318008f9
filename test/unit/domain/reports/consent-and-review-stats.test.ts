import { describe, expect, it } from 'vitest';
import { ledgerStats } from '../../../../shared/domain/reports/ledger-stats';
import type { StatsElder } from '../../../../shared/domain/reports/ledger-stats';
import { parsePeriod } from '../../../../shared/domain/reports/period';
import { visitRates } from '../../../../shared/domain/reports/visit-rate';
import type { RateTask } from '../../../../shared/domain/reports/visit-rate';
import { loadPolicy } from '../../../../shared/policies/load';

const period = (text: string) => {
  const p = parsePeriod(text);
  if (!p.ok) throw new Error(p.rule);
  return p.period;
};
const NOV = period('2026-11');
const policy = loadPolicy('sichuan');
const refusal = { by: 'elder' as const, on: '2026-09-01', reason: '不愿外人进家' };
const elder = (id: string, over: Partial<StatsElder> = {}): StatsElder => ({
  elderId: id,
  villageCode: '510108001001',
  profile: { id, birthDate: '1950-05-01', categories: ['empty_nest'] },
  status: { state: 'active', since: '1900-01-01' },
  consent: { visits: true, homeVisits: true },
  visitorId: 'v1',
  registeredOn: '2026-03-01',
  updatedAt: '2026-09-01T10:00:00+08:00',
  ...over,
});

describe('Ledger statistics: 待评估, refusals of home visits, overdue reviews', () => {
  it('lists served elders needing an ability assessment and those refusing home visits', () => {
    const s = ledgerStats(
      [
        elder('a', { profile: { id: 'a', birthDate: '1950-05-01', categories: ['disabled'] } }),
        elder('b', { profile: { id: 'b', birthDate: '1950-05-01', categories: ['disabled'], abilityLevel: 'mild' } }),
        elder('c', { profile: { id: 'c', birthDate: '1950-05-01', categories: ['empty_nest'], homeVisitRefusal: refusal } }),
      ],
      { area: '510108', period: NOV, policy },
    );
    expect(s.needsAssessment).toEqual(['a']);
    expect(s.homeVisitsRefused).toEqual(['c']);
    expect(s.byTier).toEqual({ key: 1, general: 2 });
  });

  it('counts an entry overdue from its last review (not its last write), per village, over the policy’s interval', () => {
    const s = ledgerStats(
      [
        elder('a', { lastReview: { on: '2026-05-30', by: 'lia-1', kind: 'checked' }, updatedAt: '2026-11-01T10:00:00+08:00' }),
        elder('b', { lastReview: { on: '2026-05-31', by: 'lia-1', kind: 'checked' } }),
        elder('c', { villageCode: '510108001002', updatedAt: '2026-01-10T10:00:00+08:00' }),
        elder('d', { status: { state: 'moved', since: '2026-10-01' }, updatedAt: '2026-01-10T10:00:00+08:00' }),
        elder('e', { status: { state: 'hospitalised', since: '2026-10-01' }, updatedAt: '2026-01-10T10:00:00+08:00' }),
      ],
      { area: '510108', period: NOV, policy },
    );
    // November ends on the 30th: entries last reviewed before 30 May are overdue.
    expect(s.overdueForReview).toEqual(['c', 'e']);
    expect(s.overdueByVillage).toEqual({ '510108001002': 1, '510108001001': 1 });
    expect(
      ledgerStats([elder('a', { lastReview: { on: '2026-07-30', by: 'x', kind: 'checked' } })], { area: '510108', period: NOV, policy: { ...policy, ledgerReview: { ...policy.ledgerReview, intervalMonths: 3 } } }).overdueForReview,
    ).toEqual(['a']);
  });
});

describe('Visit rates split by consent (by=consent)', () => {
  const win = (id: string, result: 'visited' | 'missed', refused: boolean): RateTask => ({
    elderId: id,
    taskId: '2026-11#1',
    kind: 'routine',
    tier: 'general',
    state: result === 'visited' ? 'completed' : 'missed',
    end: '2026-11-30',
    dueAt: '2026-11-30T23:59:59+08:00',
    villageCode: '510108001001',
    visitorId: 'v1',
    maskedName: '张*华',
    outcome: { result, visitorId: 'v1', ...(result === 'visited' ? { method: refused ? 'phone' : 'home' } : {}), at: '2026-11-20T10:00:00+08:00' },
    ...(refused ? { homeRefusal: { ...refusal, asked: { homeRequired: true, methods: ['home'] } } } : {}),
  });

  it('shows the windows of elders who refused home visits apart from the rest', () => {
    const r = visitRates([win('a', 'visited', true), win('b', 'missed', true), win('c', 'visited', false)], { area: '510108', period: NOV, asOf: '2026-12-01T01:00:00+08:00', by: ['consent'] });
    expect(r.rows.map((x) => [x.consent, x.owed, x.visited, x.byMethod])).toEqual([
      ['home_consented', 1, 1, { home: 1 }],
      ['home_refused', 2, 1, { phone: 1 }],
    ]);
    expect(r.total).toMatchObject({ owed: 3, visited: 2 });
  });

  it('adds nothing to rows not split by consent', () => {
    const r = visitRates([win('a', 'visited', true)], { area: '510108', period: NOV, asOf: '2026-12-01T01:00:00+08:00', by: ['tier'] });
    expect(r.rows[0]!.consent).toBeUndefined();
  });
});
