import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/policy/classify';
import { loadPolicy } from '../../../../shared/policies/load';
import { profile } from '../../../helpers/elders';

// 济民字〔2023〕29号 三: key, secondary and general by age and ability.
describe('Policy: jining', () => {
  const policy = loadPolicy('jining');
  const tierOf = (p: Parameters<typeof classify>[0], on = '2026-11-23') => {
    const c = classify(p, policy, on);
    if (!c.eligible) throw new Error(c.reasons.join('; '));
    return c;
  };

  it('makes every elder aged 80 or over key, even healthy ones', () => {
    expect(tierOf(profile({ age: 80, abilityLevel: 'intact' })).tier).toBe('key');
  });

  it('keeps a healthy 79-year-old general', () => {
    expect(tierOf(profile({ age: 79, abilityLevel: 'intact' })).tier).toBe('general');
  });

  it('makes disability grade 1–2 key under 80, and grade 3 not', () => {
    expect(tierOf(profile({ disabilityGrade: 2 })).tier).toBe('key');
    expect(tierOf(profile({ disabilityGrade: 3 })).tier).toBe('general');
  });

  it.each(['severe', 'complete'] as const)('makes %s loss of ability key', (abilityLevel) => {
    expect(tierOf(profile({ abilityLevel })).tier).toBe('key');
  });

  it('counts a not-assessed, long-term bedridden elder as severe: key', () => {
    expect(tierOf(profile({ bedridden: true })).tier).toBe('key');
  });

  it('uses the assessment, not the bedridden flag, once ability is assessed', () => {
    expect(tierOf(profile({ bedridden: true, abilityLevel: 'mild' })).tier).toBe('general');
  });

  it('makes elders with dementia (失智) key', () => {
    expect(tierOf(profile({ dementia: true, abilityLevel: 'mild' })).tier).toBe('key');
  });

  it('makes moderate loss of ability secondary, and mild general', () => {
    expect(tierOf(profile({ abilityLevel: 'moderate' })).tier).toBe('secondary');
    expect(tierOf(profile({ abilityLevel: 'mild' })).tier).toBe('general');
  });

  it('counts a not-assessed, mobility-impaired elder as moderate: secondary', () => {
    expect(tierOf(profile({ mobilityImpaired: true })).tier).toBe('secondary');
  });

  it('visits key elders twice a month by default, others once, all at home', () => {
    expect(tierOf(profile({ age: 85 })).cadence).toMatchObject({ period: 'month', visits: 2, homeRequired: true });
    expect(tierOf(profile({ abilityLevel: 'moderate' })).cadence).toMatchObject({ visits: 1, homeRequired: true });
  });

  it('lets healthy, self-caring general elders be visited by phone, online or on the way', () => {
    const c = tierOf(profile({ abilityLevel: 'intact' }));
    expect(c.cadence).toEqual({ period: 'month', visits: 1, homeRequired: false, methods: ['home', 'phone', 'video', 'on_the_way'] });
  });

  it('requires a home visit for a general elder with mild loss of ability', () => {
    const c = tierOf(profile({ abilityLevel: 'mild', categories: ['disabled'] }));
    expect(c.cadence).toEqual({ period: 'month', visits: 1, homeRequired: true, methods: ['home'] });
    expect(c.reasons.join(' ')).toContain('home visit required');
  });
});
