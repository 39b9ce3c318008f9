import { CIRCUMSTANCE_NAMES_ZH } from '../elder/circumstances';
import type { CircumstanceKind } from '../elder/circumstances';
import type { EconomicStatus } from '../elder/categories';
import type { ElderFacts } from './condition';

/** The conditions on what the form records about an elder's situation (济民字〔2023〕29号 四(一)2). */
export type CareCondition = { economicIn: EconomicStatus[] } | { circumstanceAny: CircumstanceKind[] } | { recentCircumstance: { kinds: CircumstanceKind[]; days: number } };

const ECONOMIC_WORDS: Record<EconomicStatus, string> = { extreme_poverty: '特困', subsistence: '低保', near_subsistence: '低保边缘', none: '一般' };

export function evaluateCare(condition: CareCondition, facts: Pick<ElderFacts, 'economicStatus' | 'circumstances'>): boolean {
  if ('economicIn' in condition) return facts.economicStatus !== undefined && condition.economicIn.includes(facts.economicStatus);
  if ('circumstanceAny' in condition) return facts.circumstances.some((c) => condition.circumstanceAny.includes(c.kind) && (c.daysSince === undefined || c.daysSince >= 0));
  const { kinds, days } = condition.recentCircumstance;
  // An event counts from its day for `days` days; one dated after the day asked about has not happened yet.
  return facts.circumstances.some((c) => kinds.includes(c.kind) && c.daysSince !== undefined && c.daysSince >= 0 && c.daysSince < days);
}

export function describeCare(condition: CareCondition): string {
  if ('economicIn' in condition) return `economic status ${condition.economicIn.map((e) => ECONOMIC_WORDS[e]).join(' or ')}`;
  if ('circumstanceAny' in condition) return `registered as ${condition.circumstanceAny.map((k) => CIRCUMSTANCE_NAMES_ZH[k]).join(' or ')}`;
  const { kinds, days } = condition.recentCircumstance;
  return `${kinds.map((k) => CIRCUMSTANCE_NAMES_ZH[k]).join(' or ')} within the last ${days} days`;
}
