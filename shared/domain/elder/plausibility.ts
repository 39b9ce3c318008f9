import { addDays } from '../time/local-date';
import type { LocalDate } from '../time/local-date';
import type { FieldIssue } from '../validation';
import { parseResidentId } from './id-number';
import type { ElderRegistration } from './registration';

/** A status may be recorded ahead of the day it takes effect (a planned move), by at most this much. */
export const STATUS_LEAD_DAYS = 31;

/**
 * Dates a form cannot truly hold on `today` (the injected clock's date): a birth or a consent
 * in the future, a death not yet happened, a status set further ahead than a planned move.
 * The schema cannot see the clock; the use case asks this before anything is stored.
 */
export function implausibleRegistration(reg: ElderRegistration, today: LocalDate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const id = parseResidentId(reg.residentId);
  if (id.ok && id.value.birthDate > today) issues.push({ field: 'residentId', rule: `its birth date ${id.value.birthDate} is in the future` });
  if (reg.consent.recordedOn > today) issues.push({ field: 'consent.recordedOn', rule: `is in the future (today is ${today})` });
  if (reg.status.state === 'deceased' && reg.status.since > today) issues.push({ field: 'status.since', rule: `a death cannot be recorded for a future date (today is ${today})` });
  else if (reg.status.since > addDays(today, STATUS_LEAD_DAYS)) issues.push({ field: 'status.since', rule: `is more than ${STATUS_LEAD_DAYS} days ahead (today is ${today})` });
  return issues;
}
