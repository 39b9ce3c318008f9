import { describe, expect, it } from 'vitest';
import { elderRegistrationSchema, profileOf } from '../../../../shared/domain/elder/registration';
import type { ElderRegistrationInput } from '../../../../shared/domain/elder/registration';
import { formatIssues } from '../../../../shared/domain/validation';
import { syntheticLedger } from '../../../../cli/simulation/ledger';
import { loadRegion } from '../../../../shared/config/load';

const ledger = syntheticLedger({ runtime: loadRegion('sichuan'), seed: 3, elders: 40, asOf: '2026-11-01' });
const withChildren = ledger.registrations.find((r) => r.hasChildren)!;

function issues(change: (r: ElderRegistrationInput) => ElderRegistrationInput) {
  const r = elderRegistrationSchema.safeParse(change(structuredClone(withChildren)));
  return r.success ? [] : formatIssues(r.error);
}

describe('Registration form (信息登记表)', () => {
  it('accepts every record of the synthetic ledger', () => {
    for (const reg of ledger.registrations) {
      const r = elderRegistrationSchema.safeParse(reg);
      expect(r.success ? [] : formatIssues(r.error)).toEqual([]);
    }
  });

  it('derives birth date and disability grade for classification, never storing age or tier', () => {
    const reg = elderRegistrationSchema.parse({ ...withChildren, residentId: '11010519491231002X', sex: 'female', disability: undefined });
    expect(profileOf(reg)).toMatchObject({ birthDate: '1949-12-31' });
    expect(Object.keys(reg)).not.toContain('age');
    expect(Object.keys(reg)).not.toContain('tier');
  });

  it('checks the stated birth date and sex against the ID number', () => {
    expect(issues((r) => ({ ...r, residentId: '11010519491231002X', sex: 'male', birthDate: '1950-01-01', disability: undefined }))).toMatchObject([
      { field: 'birthDate', rule: 'must match the birth date in the ID number (1949-12-31)' },
      { field: 'sex', rule: 'must match the ID number, whose 17th digit says female' },
    ]);
  });

  it('names the field of a bad phone number inside a contact', () => {
    expect(issues((r) => ({ ...r, emergencyContacts: [{ name: '李四', relation: '子女', phone: '12345' }] }))).toMatchObject([{ field: 'emergencyContacts.0.phone', rule: '"*2345" is not a valid Chinese phone number' }]);
  });

  it('requires a village-level residence code', () => {
    expect(issues((r) => ({ ...r, residence: { ...r.residence, areaCode: '510108001' } }))).toMatchObject([{ field: 'residence.areaCode', rule: 'the residence must be a 12-digit village/community code' }]);
  });

  it('makes every first visit contact a child when there are children', () => {
    expect(issues((r) => ({ ...r, firstVisitContacts: [{ name: '王五', relation: 'neighbour', phone: '13812345678' }] }))).toMatchObject([
      { field: 'firstVisitContacts.0.relation', rule: 'must be "child": every child is a first visit contact, and only children' },
    ]);
  });

  it('asks for exactly one township-designated contact when there are no children', () => {
    const two = [
      { name: '王五', relation: 'township_designated', phone: '13812345678' },
      { name: '赵六', relation: 'township_designated', phone: '13812345679' },
    ];
    expect(issues((r) => ({ ...r, hasChildren: false, firstVisitContacts: two }))).toMatchObject([{ field: 'firstVisitContacts', rule: 'with no children, exactly one contact named by the township' }]);
  });

  it('needs consent to visits before consent to home visits', () => {
    expect(issues((r) => ({ ...r, consent: { visits: false, homeVisits: true, recordedOn: '2026-10-01' } }))).toMatchObject([{ field: 'consent.homeVisits', rule: 'home visits need consent to visits' }]);
  });

  it('ties the disability certificate to the ID number and grade', () => {
    expect(issues((r) => ({ ...r, categories: ['severe_disability'], disability: { grade: 2, certificateNumber: `${r.residentId}13` } }))).toMatchObject([
      { field: 'disability.certificateNumber', rule: 'its last digit is the grade and must be 2' },
    ]);
    expect(issues((r) => ({ ...r, categories: ['severe_disability'], disability: undefined }))).toMatchObject([{ field: 'disability.grade', rule: 'severe disability (重残) needs a certificate of grade 1 or 2' }]);
  });

  it('rejects unknown fields', () => {
    expect(issues((r) => ({ ...r, tier: 'key' }) as ElderRegistrationInput)[0]?.field).toBe('(root)');
  });
});
