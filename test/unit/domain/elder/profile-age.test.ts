import { describe, expect, it } from 'vitest';
import { ageOn } from '../../../../shared/domain/elder/age';
import { elderProfileSchema } from '../../../../shared/domain/elder/profile';
import { formatIssues } from '../../../../shared/domain/validation';

describe('Age on a date', () => {
  it('turns 80 on the birthday, not the day before', () => {
    expect(ageOn('1946-11-23', '2026-11-22')).toBe(79);
    expect(ageOn('1946-11-23', '2026-11-23')).toBe(80);
  });

  it('makes someone born on 29 February a year older on 1 March in common years', () => {
    expect(ageOn('1948-02-29', '2027-02-28')).toBe(78);
    expect(ageOn('1948-02-29', '2027-03-01')).toBe(79);
    expect(ageOn('1948-02-29', '2028-02-29')).toBe(80);
  });
});

describe('Classification profile', () => {
  const issues = (value: unknown) => {
    const r = elderProfileSchema.safeParse(value);
    return r.success ? [] : formatIssues(r.error);
  };

  it('accepts the minimal profile', () => {
    expect(issues({ id: 'e1', birthDate: '1946-11-23', categories: ['living_alone'] })).toEqual([]);
  });

  it('rejects unknown fields, a bad date, no category and a category listed twice', () => {
    expect(issues({ id: 'e1', birthDate: '1946-11-23', categories: ['living_alone'], age: 80 })[0]?.rule).toMatch(/age/);
    expect(issues({ id: 'e1', birthDate: '1946-02-30', categories: ['living_alone'] })).toMatchObject([{ field: 'birthDate', rule: 'must be a calendar date YYYY-MM-DD' }]);
    expect(issues({ id: 'e1', birthDate: '1946-11-23', categories: [] })).toMatchObject([{ field: 'categories', rule: 'a special-difficulty elder belongs to at least one category' }]);
    expect(issues({ id: 'e1', birthDate: '1946-11-23', categories: ['dementia', 'dementia'] })).toMatchObject([{ field: 'categories', rule: 'lists a category twice' }]);
  });

  it('holds severe disability (重残) to grade 1 or 2', () => {
    expect(issues({ id: 'e1', birthDate: '1946-11-23', categories: ['severe_disability'], disabilityGrade: 3 })).toMatchObject([{ field: 'disabilityGrade', rule: 'severe disability (重残) means certificate grade 1 or 2' }]);
  });
});
