import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/policy/classify';
import { policyProblems } from '../../../../shared/domain/policy/eligibility';
import { elderRegistrationSchema } from '../../../../shared/domain/elder/registration';
import { loadPolicy, parsePolicy, POLICY_DIR } from '../../../../shared/policies/load';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticLedger } from '../../../../cli/simulation/ledger';
import { loadRegion } from '../../../../shared/config/load';
import { residentIdCheckChar } from '../../../../shared/domain/elder/id-number';
import { profile } from '../../../helpers/elders';

const asOf = '2026-11-23';
const REGIONS = ['sichuan', 'shishi', 'jining', 'shanghai', 'national'] as const;

/** An ID number of someone born on `birth` in Chenghua (female). */
const idBornOn = (birth: string) => {
  const body = `510108${birth.replaceAll('-', '')}002`;
  return `${body}${residentIdCheckChar(body)}`;
};
const form = elderRegistrationSchema.parse(syntheticLedger({ runtime: loadRegion('sichuan'), seed: 3, elders: 5, asOf: '2026-11-01' }).registrations.find((r) => r.sex === 'female' && !r.disability)!);

describe.each(REGIONS)('Who is an elder in %s', (region) => {
  const policy = loadPolicy(region);

  it('serves elders from 60, the minimum age its policy names', () => {
    expect(policy.minimumAge).toBe(60);
    expect(classify(profile({ age: 60, categories: ['empty_nest'] }), policy, asOf).eligible).toBe(true);
  });

  it('does not classify a 59-year-old, saying the rule', () => {
    const c = classify(profile({ age: 59, categories: ['empty_nest'] }), policy, asOf);
    expect(c).toEqual({ eligible: false, reasons: [`aged 59 on ${asOf}: ${policy.name} serves elders aged 60 or over (老年人: 60周岁以上)`] });
  });

  it('refuses to register a 56-year-old, naming the ID number and the day they may be registered', () => {
    const young = { ...form, residentId: idBornOn('1970-03-15'), birthDate: undefined };
    expect(policyProblems(young, policy, asOf)).toEqual([
      {
        field: 'residentId',
        rule: `the person is 56 on ${asOf} (born 1970-03-15); ${policy.name} registers elders aged 60 or over (老年人: 60周岁以上): register them from 2030-03-15`,
        code: 'under_minimum_age',
        message: `此人${asOf}时56周岁（1970-03-15出生），未满60周岁，不属于本地登记的老年人；请于2030-03-15后再登记`,
      },
    ]);
  });
});

describe('The minimum age', () => {
  const policy = loadPolicy('sichuan');

  it('is reached on the 60th birthday, not the day before', () => {
    const reg = { ...form, residentId: idBornOn('1966-11-23') };
    expect(policyProblems(reg, policy, '2026-11-22')).toHaveLength(1);
    expect(policyProblems(reg, policy, '2026-11-23')).toEqual([]);
  });

  it('gives someone born on 29 February the 1st of March of a common year', () => {
    const reg = { ...form, residentId: idBornOn('1968-02-29') };
    expect(policyProblems(reg, policy, '2027-02-28')[0]!.rule).toContain('register them from 2028-02-29');
    expect(policyProblems({ ...form, residentId: idBornOn('1967-02-28') }, { ...policy, minimumAge: 61 }, '2027-03-01')[0]!.rule).toContain('register them from 2028-02-28');
  });

  it('is a policy field a region may set, and the policy file refuses nonsense, naming the field', () => {
    expect(classify(profile({ age: 62, categories: ['empty_nest'] }), { ...policy, minimumAge: 65 }, asOf).eligible).toBe(false);
    const raw = JSON.parse(readFileSync(join(POLICY_DIR, 'sichuan.json'), 'utf8'));
    expect(() => parsePolicy({ ...raw, minimumAge: 30 }, 'test')).toThrow('minimumAge: at least 50');
    expect(() => parsePolicy({ ...raw, homeVisitConsent: { ...raw.homeVisitConsent, refusedMethods: ['home', 'phone'] } }, 'test')).toThrow('homeVisitConsent.refusedMethods: must not include "home"');
    expect(() => parsePolicy({ ...raw, ledgerReview: { ...raw.ledgerReview, intervalMonths: 0 } }, 'test')).toThrow('ledgerReview.intervalMonths: at least 1 month');
  });

  it('refuses a refusal of home visits or an event dated after today', () => {
    const reg = { ...form, consent: { ...form.consent, homeVisits: false, homeVisitRefusal: { by: 'elder' as const, on: '2026-12-01', reason: '不愿外人进家' } }, circumstances: [{ kind: 'family_change' as const, since: '2026-12-24' }] };
    expect(policyProblems(reg, policy, asOf)).toEqual([
      { field: 'consent.homeVisitRefusal.on', rule: `is in the future (today is ${asOf})`, code: 'in_future', message: `拒绝入户日期晚于今天（${asOf}）` },
      { field: 'circumstances.0.since', rule: `家庭变故 cannot be dated in the future (today is ${asOf})`, code: 'in_future', message: `家庭变故的发生日期晚于今天（${asOf}）` },
    ]);
  });
});
