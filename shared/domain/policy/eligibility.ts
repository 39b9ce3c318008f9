import { ageOn } from '../elder/age';
import { CIRCUMSTANCE_NAMES_ZH } from '../elder/circumstances';
import { parseResidentId } from '../elder/id-number';
import type { ElderRegistration } from '../elder/registration';
import type { LocalDate } from '../time/local-date';
import type { FieldIssue } from '../validation';
import type { Policy } from './policy';

/** The day someone born on `birthDate` turns `age` (29 February: 1 March in common years, as ageOn counts). */
function birthdayAt(birthDate: LocalDate, age: number): LocalDate {
  const year = String(Number(birthDate.slice(0, 4)) + age).padStart(4, '0');
  const day = `${year}${birthDate.slice(4)}`;
  return ageOn(birthDate, day) >= age ? day : `${year}-03-01`;
}

/**
 * What the region's policy refuses on a form on `today`: someone under its minimum age is not
 * an elder it serves (老年人: 60周岁以上), and a refusal or an event cannot be dated after today.
 * Asked by every write path (the API, the ledger import, the CLI) before anything is stored.
 */
export function policyProblems(reg: ElderRegistration, policy: Pick<Policy, 'name' | 'minimumAge'>, today: LocalDate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const id = parseResidentId(reg.residentId);
  if (id.ok) {
    const age = ageOn(id.value.birthDate, today);
    if (age < policy.minimumAge) {
      const from = birthdayAt(id.value.birthDate, policy.minimumAge);
      issues.push({
        field: 'residentId',
        rule: `the person is ${age} on ${today} (born ${id.value.birthDate}); ${policy.name} registers elders aged ${policy.minimumAge} or over (老年人: ${policy.minimumAge}周岁以上): register them from ${from}`,
        code: 'under_minimum_age',
        message: `此人${today}时${age}周岁（${id.value.birthDate}出生），未满${policy.minimumAge}周岁，不属于本地登记的老年人；请于${from}后再登记`,
      });
    }
  }
  const refusal = reg.consent.homeVisitRefusal;
  if (refusal && refusal.on > today) issues.push({ field: 'consent.homeVisitRefusal.on', rule: `is in the future (today is ${today})`, code: 'in_future', message: `拒绝入户日期晚于今天（${today}）` });
  (reg.circumstances ?? []).forEach((c, i) => {
    if (c.since !== undefined && c.since > today)
      issues.push({
        field: `circumstances.${i}.since`,
        rule: `${CIRCUMSTANCE_NAMES_ZH[c.kind]} cannot be dated in the future (today is ${today})`,
        code: 'in_future',
        message: `${CIRCUMSTANCE_NAMES_ZH[c.kind]}的发生日期晚于今天（${today}）`,
      });
  });
  return issues;
}
