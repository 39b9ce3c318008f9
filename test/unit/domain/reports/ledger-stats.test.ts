import { describe, expect, it } from 'vitest';
import { ledgerStats } from '../../../../shared/domain/reports/ledger-stats';
import type { StatsElder } from '../../../../shared/domain/reports/ledger-stats';
import { parsePeriod } from '../../../../shared/domain/reports/period';
import { loadPolicy } from '../../../../shared/policies/load';

const nov = parsePeriod('2026-11');
if (!nov.ok) throw new Error(nov.rule);
const elder = (id: string, over: Partial<StatsElder> = {}): StatsElder => ({
  elderId: id,
  profile: { id, birthDate: '1950-05-01', categories: ['empty_nest'] },
  status: { state: 'active', since: '1900-01-01' },
  consent: { visits: true, homeVisits: true },
  visitorId: 'v1',
  registeredOn: '2026-03-01',
  updatedAt: '2026-09-01T10:00:00+08:00',
  ...over,
});

describe('Ledger statistics (台账)', () => {
  const policy = loadPolicy('sichuan');
  it('counts the ledger by category, tier, ability and status, who joined and left, who has no visitor and who is overdue for review', () => {
    const s = ledgerStats(
      [
        elder('a'),
        elder('b', { profile: { id: 'b', birthDate: '1940-01-01', categories: ['living_alone'] }, registeredOn: '2026-11-10', visitorId: undefined }),
        elder('c', { status: { state: 'deceased', since: '2026-11-20' } }),
        elder('d', { updatedAt: '2026-04-30T10:00:00+08:00', profile: { id: 'd', birthDate: '1950-01-01', categories: ['disabled'], abilityLevel: 'severe' } }),
        elder('e', { registeredOn: '2026-12-02' }),
        elder('f', { consent: { visits: false, homeVisits: false } }),
      ],
      { area: '510108', period: nov.period, policy },
    );
    expect(s).toMatchObject({ total: 5, served: 3, joined: 1, left: 1, withoutVisitor: ['b'], overdueForReview: ['d'] });
    expect(s.byStatus).toEqual({ active: 3, deceased: 1, consent_withdrawn: 1 });
    expect(s.byTier).toEqual({ general: 1, key: 2 });
    expect(s.byAbility).toEqual({ not_assessed: 4, severe: 1 });
    expect(s.byCategory).toEqual({ empty_nest: 3, living_alone: 1, disabled: 1 });
  });
});
