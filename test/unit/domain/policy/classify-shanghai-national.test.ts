import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/policy/classify';
import { loadPolicy } from '../../../../shared/policies/load';
import { profile } from '../../../helpers/elders';

describe('Policy: shanghai', () => {
  const policy = loadPolicy('shanghai');

  it('visits every special-difficulty elder at least twice a week, by any method', () => {
    const c = classify(profile({ categories: ['elderly_only_household'] }), policy, '2026-11-23');
    expect(c).toMatchObject({ eligible: true, tier: 'all' });
    if (c.eligible) expect(c.cadence).toMatchObject({ period: 'week', visits: 2, homeRequired: false });
  });

  it("serves Shanghai's extra categories: dementia and temporary hardship", () => {
    for (const category of ['dementia', 'temporary_hardship'] as const) {
      expect(classify(profile({ categories: [category] }), policy, '2026-11-23').eligible).toBe(true);
    }
  });

  it('measures its visit rate weekly', () => {
    expect(policy.visitRatePeriod).toBe('week');
  });
});

describe('Policy: national', () => {
  const policy = loadPolicy('national');

  it('visits a disabled elder at least once a month', () => {
    const c = classify(profile({ categories: ['disabled'], abilityLevel: 'mild' }), policy, '2026-11-23');
    expect(c).toMatchObject({ eligible: true, tier: 'disabled', cadence: { period: 'month', visits: 1 } });
  });

  it('treats any assessed loss of ability as disabled, and intact ability as not', () => {
    expect(classify(profile({ abilityLevel: 'severe' }), policy, '2026-11-23')).toMatchObject({ tier: 'disabled' });
    expect(classify(profile({ abilityLevel: 'intact' }), policy, '2026-11-23')).toMatchObject({ tier: 'general' });
  });
});
