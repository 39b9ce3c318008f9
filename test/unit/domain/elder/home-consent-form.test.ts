import { describe, expect, it } from 'vitest';
import { elderRegistrationSchema, profileOf } from '../../../../shared/domain/elder/registration';
import type { ElderRegistrationInput } from '../../../../shared/domain/elder/registration';
import { formatIssues } from '../../../../shared/domain/validation';
import { syntheticLedger } from '../../../../cli/simulation/ledger';
import { loadRegion } from '../../../../shared/config/load';

const base = syntheticLedger({ runtime: loadRegion('sichuan'), seed: 3, elders: 40, asOf: '2026-11-01' }).registrations.find((r) => r.hasChildren)!;
const issues = (change: (r: ElderRegistrationInput) => ElderRegistrationInput) => {
  const r = elderRegistrationSchema.safeParse(change(structuredClone(base)));
  return r.success ? [] : formatIssues(r.error);
};
const refusing = (refusal: object) => (r: ElderRegistrationInput) => ({ ...r, consent: { ...r.consent, homeVisits: false, homeVisitRefusal: refusal } }) as ElderRegistrationInput;

// 济民字〔2023〕29号 四(一)2: 入户探访要征得老年人或其赡养人同意.
describe('Registration form: consent to home visits', () => {
  it('needs who refused, when and why when home visits are refused', () => {
    expect(issues((r) => ({ ...r, consent: { ...r.consent, homeVisits: false } }))).toEqual([
      {
        field: 'consent.homeVisitRefusal',
        rule: 'record who refused home visits (本人 or 赡养人), when and why: 入户探访要征得老年人或其赡养人同意',
        code: 'refusal_required',
        message: '不同意入户时，须登记由谁拒绝（本人或赡养人）、拒绝日期和原因：入户探访要征得老年人或其赡养人同意',
      },
    ]);
  });

  it('takes a refusal by the elder, or by a named carer (赡养人)', () => {
    expect(issues(refusing({ by: 'elder', on: '2026-09-01', reason: '不愿外人进家' }))).toEqual([]);
    expect(issues(refusing({ by: 'carer', carerName: '李明', on: '2026-09-01', reason: '担心打扰老人休息' }))).toEqual([]);
    expect(issues(refusing({ by: 'carer', on: '2026-09-01', reason: '担心打扰' }))).toEqual([
      { field: 'consent.homeVisitRefusal.carerName', rule: 'name the carer (赡养人) who refused home visits', code: 'carer_name_required', message: '由赡养人拒绝入户时，须填写赡养人姓名' },
    ]);
    expect(issues(refusing({ by: 'elder', carerName: '李明', on: '2026-09-01', reason: '担心打扰' }))).toEqual([
      { field: 'consent.homeVisitRefusal.carerName', rule: 'is only for a refusal by the carer (赡养人)', code: 'carer_name_not_allowed', message: '只有赡养人拒绝入户时才填写赡养人姓名；本人拒绝的请不填' },
    ]);
  });

  it('refuses a refusal beside consent to home visits, a bad date, an empty or separator-laden reason', () => {
    expect(issues((r) => ({ ...r, consent: { ...r.consent, homeVisits: true, homeVisitRefusal: { by: 'elder', on: '2026-09-01', reason: '不愿' } } }))).toEqual([
      { field: 'consent.homeVisitRefusal', rule: 'must be left out while home visits are agreed (是否同意入户: 是)', code: 'refusal_while_consented', message: '已同意入户（是否同意入户：是）时，不能填写拒绝入户信息' },
    ]);
    expect(issues(refusing({ by: 'elder', on: '2026-02-30', reason: '不愿' }))[0]).toEqual({ field: 'consent.homeVisitRefusal.on', rule: 'must be a calendar date YYYY-MM-DD', code: 'bad_date', message: '必须是有效日期，格式 YYYY-MM-DD' });
    expect(issues(refusing({ by: 'elder', on: '2026-09-01', reason: ' ' }))[0]?.field).toBe('consent.homeVisitRefusal.reason');
    expect(issues(refusing({ by: 'elder', on: '2026-09-01', reason: '不愿；拒绝' }))[0]?.field).toBe('consent.homeVisitRefusal.reason');
    expect(issues(refusing({ by: 'elder', on: '2026-09-01', reason: '长'.repeat(101) }))[0]?.rule).toBe('at most 100 characters');
    expect(issues(refusing({ by: 'neighbour', on: '2026-09-01', reason: '不愿' }))[0]?.field).toBe('consent.homeVisitRefusal.by');
  });

  it('carries a refusal into the classification profile only while home visits are refused', () => {
    const reg = elderRegistrationSchema.parse(refusing({ by: 'elder', on: '2026-09-01', reason: '不愿外人进家' })(structuredClone(base)));
    expect(profileOf(reg).homeVisitRefusal).toEqual({ by: 'elder', on: '2026-09-01', reason: '不愿外人进家' });
    expect(profileOf(elderRegistrationSchema.parse(base)).homeVisitRefusal).toBeUndefined();
  });
});

describe('Registration form: what asks for a home visit (健康状况欠佳, 经济困难, 家庭变故 …)', () => {
  it('records circumstances, dating the events', () => {
    const reg = elderRegistrationSchema.parse({ ...base, circumstances: [{ kind: 'poor_health' }, { kind: 'family_change', since: '2026-09-01' }] });
    expect(profileOf(reg)).toMatchObject({ circumstances: [{ kind: 'poor_health' }, { kind: 'family_change', since: '2026-09-01' }], economicStatus: base.economic.status });
  });

  it('needs the date of an event and lists each circumstance once', () => {
    expect(issues((r) => ({ ...r, circumstances: [{ kind: 'disaster' }] }))).toEqual([
      { field: 'circumstances.0.since', rule: '遭遇灾害 needs the date it happened (YYYY-MM-DD)', code: 'circumstance_date_required', message: '遭遇灾害须填写发生日期（YYYY-MM-DD）' },
    ]);
    expect(issues((r) => ({ ...r, circumstances: [{ kind: 'poor_health' }, { kind: 'poor_health' }] }))).toEqual([
      { field: 'circumstances.1.kind', rule: 'lists 健康状况欠佳 twice', code: 'circumstance_repeated', message: '健康状况欠佳填写了两次，每种情况只填一次' },
    ]);
    expect(issues((r) => ({ ...r, circumstances: [{ kind: 'flood' }] }) as unknown as ElderRegistrationInput)[0]?.field).toBe('circumstances.0.kind');
  });

  it('stores no circumstances as none, one way only (an empty list is left out)', () => {
    expect(elderRegistrationSchema.parse({ ...base, circumstances: [] }).circumstances).toBeUndefined();
  });
});
