import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/policy/classify';
import { loadPolicy } from '../../../../shared/policies/load';
import { profile } from '../../../helpers/elders';

const asOf = '2026-11-23';

// Sichuan (川民发〔2023〕116号) and Shishi share the same two tiers; every rule is checked on both.
describe.each(['sichuan', 'shishi'])('Policy: %s', (region) => {
  const policy = loadPolicy(region);
  const tierOf = (p: Parameters<typeof classify>[0], on = asOf) => {
    const c = classify(p, policy, on);
    if (!c.eligible) throw new Error(c.reasons.join('; '));
    return c;
  };

  it('makes a solitary childless elder (孤寡) a key elder at any age', () => {
    expect(tierOf(profile({ age: 62, categories: ['solitary_childless'] })).tier).toBe('key');
  });

  it('makes an 80-year-old living alone a key elder on the day they turn 80', () => {
    expect(tierOf(profile({ age: 80, categories: ['living_alone'] })).tier).toBe('key');
  });

  it('keeps a 79-year-old living alone general the day before their 80th birthday', () => {
    const p = profile({ birthDate: '1946-11-23', categories: ['living_alone'] });
    expect(tierOf(p, '2026-11-22').tier).toBe('general');
    expect(tierOf(p, '2026-11-23').tier).toBe('key');
  });

  it('does not make an 85-year-old empty-nest elder key for age alone', () => {
    expect(tierOf(profile({ age: 85, categories: ['empty_nest'] })).tier).toBe('general');
  });

  it.each(['moderate', 'severe', 'complete'] as const)('makes %s loss of ability key', (abilityLevel) => {
    expect(tierOf(profile({ categories: ['disabled'], abilityLevel })).tier).toBe('key');
  });

  it.each(['intact', 'mild'] as const)('keeps %s ability general', (abilityLevel) => {
    expect(tierOf(profile({ categories: ['disabled'], abilityLevel })).tier).toBe('general');
  });

  it('makes disability grade 2 key and grade 3 general', () => {
    expect(tierOf(profile({ categories: ['left_behind'], disabilityGrade: 2 })).tier).toBe('key');
    expect(tierOf(profile({ categories: ['left_behind'], disabilityGrade: 3 })).tier).toBe('general');
  });

  it('makes the severe-disability category (重残) key', () => {
    expect(tierOf(profile({ categories: ['severe_disability'], disabilityGrade: 1 })).tier).toBe('key');
  });

  it('keeps a not-assessed bedridden elder general: the seed ties key status to an assessed level', () => {
    expect(tierOf(profile({ categories: ['empty_nest'], bedridden: true })).tier).toBe('general');
  });

  it('requires a home visit every half month for key elders and every month for general', () => {
    const key = tierOf(profile({ categories: ['solitary_childless'] }));
    expect(key.cadence).toEqual({ period: 'half_month', visits: 1, homeRequired: true, methods: ['home'] });
    const general = tierOf(profile({ categories: ['empty_nest'] }));
    expect(general.cadence).toEqual({ period: 'month', visits: 1, homeRequired: true, methods: ['home'] });
  });

  it('explains the decision with the rule that matched', () => {
    const c = tierOf(profile({ age: 81, categories: ['living_alone'] }));
    expect(c.reasons[0]).toContain('高龄独居');
    expect(c.reasons[0]).toContain('aged 80 or over');
    expect(c.reasons[1]).toContain('age 81 on 2026-11-23');
  });

  it('refuses a Shanghai-only category as not served', () => {
    const c = classify(profile({ categories: ['temporary_hardship'] }), policy, asOf);
    expect(c.eligible).toBe(false);
    expect(c.reasons[0]).toMatch(/^none of the elder's categories \(阶段性临时困难\) is served by /);
  });
});
