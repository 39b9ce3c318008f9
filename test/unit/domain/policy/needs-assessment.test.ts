import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/policy/classify';
import type { Classification } from '../../../../shared/domain/policy/classify';
import { loadPolicy } from '../../../../shared/policies/load';
import { profile } from '../../../helpers/elders';

const asOf = '2026-11-23';
const eligible = (c: Classification) => {
  if (!c.eligible) throw new Error(c.reasons.join('; '));
  return c;
};

// 川民发〔2023〕116号 附件2 and the Shishi form: the 失能 box reads 失能老年人（包括中、重）.
describe.each(['sichuan', 'shishi'])('失能 without an assessed level in %s', (region) => {
  const policy = loadPolicy(region);
  const tierOf = (p: Parameters<typeof classify>[0]) => eligible(classify(p, policy, asOf));

  it('makes an elder ticked 失能 without an ability level a key elder, flagged as needing assessment (待评估)', () => {
    const c = tierOf(profile({ age: 70, categories: ['disabled'] }));
    expect(c.tier).toBe('key');
    expect(c.needsAssessment).toBe(true);
    expect(c.reasons).toContainEqual(expect.stringContaining('needs assessment (待评估)'));
    expect(c.cadence).toEqual({ period: 'half_month', visits: 1, homeRequired: true, methods: ['home'] });
  });

  it('drops the flag once a level is recorded: mild is general, moderate key', () => {
    expect(tierOf(profile({ categories: ['disabled'], abilityLevel: 'mild' }))).toMatchObject({ tier: 'general' });
    expect(tierOf(profile({ categories: ['disabled'], abilityLevel: 'mild' })).needsAssessment).toBeUndefined();
    expect(tierOf(profile({ categories: ['disabled'], abilityLevel: 'moderate' })).needsAssessment).toBeUndefined();
  });

  it('flags a 孤寡 elder ticked 失能 without a level too, though another rule made them key', () => {
    const c = tierOf(profile({ categories: ['solitary_childless', 'disabled'] }));
    expect(c.reasons[0]).toContain('孤寡');
    expect(c.needsAssessment).toBe(true);
  });

  it('does not flag an elder without the 失能 box whose level is simply not recorded', () => {
    expect(tierOf(profile({ categories: ['empty_nest'] })).needsAssessment).toBeUndefined();
  });
});

describe('失能 without an assessed level elsewhere', () => {
  it('in Jining follows its own rules (bedridden counts as severe) and is not flagged', () => {
    const jining = loadPolicy('jining');
    expect(eligible(classify(profile({ categories: ['disabled'] }), jining, asOf))).toMatchObject({ tier: 'general' });
    expect(eligible(classify(profile({ categories: ['disabled'] }), jining, asOf)).needsAssessment).toBeUndefined();
    expect(eligible(classify(profile({ categories: ['disabled'], bedridden: true }), jining, asOf)).tier).toBe('key');
  });

  it('in the national baseline is a disabled elder (monthly), not flagged', () => {
    const c = eligible(classify(profile({ categories: ['disabled'] }), loadPolicy('national'), asOf));
    expect(c.tier).toBe('disabled');
    expect(c.needsAssessment).toBeUndefined();
  });
});
