import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPolicyIds, loadPolicy, loadPolicyFile } from '../../../../shared/policies/load';
import { ValidationError } from '../../../../shared/domain/validation';

function writePolicy(name: string, body: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'tanfang-policy-'));
  const path = join(dir, `${name}.json`);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

function issuesOf(fn: () => unknown): { field: string; rule: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return [...e.issues];
    throw e;
  }
  throw new Error('expected a ValidationError');
}

const valid = () =>
  structuredClone(loadPolicy('sichuan')) as unknown as Record<string, unknown> & {
    tiers: Record<string, unknown>[];
    rules: Record<string, unknown>[];
  };

describe('Policy files', () => {
  it('bundles the five regions of the seeds', () => {
    expect(listPolicyIds()).toEqual(['jining', 'national', 'shanghai', 'shishi', 'sichuan']);
  });

  it('loads a new region from one new file', () => {
    const p = { ...valid(), id: 'chenghua', name: '成华区' };
    expect(loadPolicyFile(writePolicy('chenghua', p)).id).toBe('chenghua');
  });

  it('names the file, the field and the rule when a rule names an unknown tier', () => {
    const p = valid();
    p.rules[0] = { ...p.rules[0], tier: 'urgent' };
    const path = writePolicy('sichuan', p);
    expect(() => loadPolicyFile(path)).toThrow(path);
    expect(issuesOf(() => loadPolicyFile(path))).toContainEqual(
      expect.objectContaining({
        field: 'rules.0.tier',
        rule: 'names tier "urgent", which is not one of key, general',
      }),
    );
  });

  it('rejects more visits than a period has days', () => {
    const p = valid();
    p.tiers[0] = { ...p.tiers[0], cadence: { period: 'week', visits: 8 } };
    expect(issuesOf(() => loadPolicyFile(writePolicy('sichuan', p)))).toContainEqual(
      expect.objectContaining({
        field: 'tiers.0.cadence.visits',
        rule: 'at most 7 visits fit in a week (one window per day)',
      }),
    );
  });

  it('rejects a policy whose last rule can fail to match', () => {
    const p = valid();
    p.rules = p.rules.slice(0, 2);
    expect(issuesOf(() => loadPolicyFile(writePolicy('sichuan', p))).map((i) => i.field)).toContain('rules.1.when');
  });

  it('rejects a condition with two keys and an unknown condition key', () => {
    const p = valid();
    p.rules[0] = { ...p.rules[0], when: { ageAtLeast: 80, categoryAny: ['living_alone'] } };
    p.rules[1] = { ...p.rules[1], when: { ageOver: 80 } };
    const issues = issuesOf(() => loadPolicyFile(writePolicy('sichuan', p)));
    expect(issues.find((i) => i.field === 'rules.0.when')?.rule).toContain('exactly one key');
    expect(issues.some((i) => i.field.startsWith('rules.1.when') && /ageOver/.test(i.rule))).toBe(true);
  });

  it('rejects a home-visit tier that does not count home visits', () => {
    const p = valid();
    p.tiers[0] = { ...p.tiers[0], countedMethods: ['phone'] };
    expect(issuesOf(() => loadPolicyFile(writePolicy('sichuan', p)))).toContainEqual(
      expect.objectContaining({
        field: 'tiers.0.countedMethods',
        rule: 'must include "home" when a home visit can be required',
      }),
    );
  });

  it('rejects unknown fields, a file whose id is not its name, and unreadable JSON', () => {
    expect(issuesOf(() => loadPolicyFile(writePolicy('sichuan', { ...valid(), colour: 'red' })))[0]?.field).toBe('(root)');
    expect(issuesOf(() => loadPolicyFile(writePolicy('other', valid())))).toMatchObject([{ field: 'id', rule: 'must equal the file name "other"' }]);
    expect(issuesOf(() => loadPolicyFile(writePolicy('sichuan', '{ nope'))).map((i) => i.field)).toEqual(['(file)']);
  });

  it('says which regions exist when asked for an unknown one', () => {
    expect(() => loadPolicy('atlantis')).toThrow(/unknown region "atlantis"; known: jining, national/);
  });
});
