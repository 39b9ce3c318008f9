import { visitFormSchema } from '../../../shared/domain/visit/visit-form';
import type { VisitForm } from '../api/types';

/**
 * Checks a visit record with the API's own schema (shared/domain/visit/visit-form.ts), before
 * it is kept or sent, and says what is wrong in Chinese, by field. The API checks it again.
 */
const MESSAGES: [RegExp, string][] = [
  [/^health\.illness\.disease$/, '病情严重时请填写疾病名称'],
  [/^household\.count$/, '家庭人口增加或减少时，请填写人数（1–20）'],
  [/^checkOut$/, '离开时间不能早于到达时间'],
  [/^needs\.\d+\.description$/, '请填写需求内容（1–200字）'],
  [/^measures\.\d+\.description$/, '请填写帮扶措施（1–200字）'],
  [/^needs\.\d+\.needId$/, '需求重复'],
  [/^measures\.\d+\.needId$/, '帮扶措施没有对应的需求'],
  [/^servicesGiven\.\d+$/, '服务内容不能为空（1–200字）'],
  [/^emergency\.description$/, '请说明紧急情况（1–500字）'],
  [/^emergency\.actions/, '请写明已采取的处置措施'],
  [/^location/, '定位信息无效，请重新定位'],
  [/^suggestions$/, '建议最多500字'],
];

export type FieldErrors = Record<string, string>;

export function validateVisit(form: VisitForm): FieldErrors {
  const result = visitFormSchema.safeParse(form);
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.');
    errors[field] ??= MESSAGES.find(([pattern]) => pattern.test(field))?.[1] ?? `此项填写有误（${issue.message}）`;
  }
  return errors;
}

/** A new visit id, made on the phone so a resent visit is recognised: v-<time>-<random>. */
export function newVisitId(at: Date): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `v-${at.getTime().toString(36)}-${random[0]!.toString(36)}${random[1]!.toString(36)}`;
}
