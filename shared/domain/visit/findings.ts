import type { VisitForm } from './visit-form';

/**
 * What in a visit record calls for immediate action (应急处置): a recorded emergency, any unsafe
 * gas, water-heating or electricity finding, or a serious illness. In words, for the history.
 */
export function emergencyReasons(form: VisitForm): string[] {
  const reasons: string[] = [];
  if (form.emergency) reasons.push('emergency recorded on the visit');
  const unsafe = (['gas', 'waterHeating', 'electricity'] as const).filter((k) => form.safety[k] === 'unsafe');
  if (unsafe.length > 0) reasons.push(`unsafe ${unsafe.join(', ')}`);
  if (form.health.illness.status === 'serious') reasons.push('serious illness');
  return reasons;
}

/** Needs found with no measure answering them: the loop is not closed (闭环管理). */
export function unansweredNeeds(form: VisitForm): VisitForm['needs'] {
  const answered = new Set(form.measures.map((m) => m.needId));
  return form.needs.filter((n) => !answered.has(n.needId));
}
