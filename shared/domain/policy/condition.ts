import { z } from 'zod';
import { ABILITY_LEVELS, ABILITY_NAMES_ZH, CATEGORY_NAMES_ZH, ECONOMIC_STATUSES, ELDER_CATEGORIES } from '../elder/categories';
import type { AbilityLevel, EconomicStatus, ElderCategory } from '../elder/categories';
import { CIRCUMSTANCE_KINDS } from '../elder/circumstances';
import type { CircumstanceKind } from '../elder/circumstances';
import { describeCare, evaluateCare } from './care-conditions';
import { zhParams } from '../validation';

export const ELDER_FLAGS = ['bedridden', 'dementia', 'mobilityImpaired'] as const;
export type ElderFlag = (typeof ELDER_FLAGS)[number];

const FLAG_WORDS: Record<ElderFlag, string> = {
  bedridden: 'long-term bedridden (长期卧床)',
  dementia: 'dementia (失智)',
  mobilityImpaired: 'mobility impaired (行动不便)',
};

/**
 * A classification condition, as written in a policy file: an object with exactly one key.
 * Conditions are data so that a region's rules can be read, checked and changed without code.
 */
export type Condition =
  | { always: true }
  | { categoryAny: ElderCategory[] }
  | { ageAtLeast: number }
  | { abilityIn: AbilityLevel[] }
  | { abilityNotAssessed: true }
  | { disabilityGradeAtMost: number }
  | { flag: ElderFlag }
  /** 经济状况 on the form: 特困, 低保, 低保边缘. */
  | { economicIn: EconomicStatus[] }
  /** A circumstance on the form (健康状况欠佳, 经济困难 …), whenever it began. */
  | { circumstanceAny: CircumstanceKind[] }
  /** An event on the form (家庭变故, 遭遇灾害, 公共卫生事件) that happened within the last `days` days. */
  | { recentCircumstance: { kinds: CircumstanceKind[]; days: number } }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** What a condition is evaluated against: the elder's facts on the classification date. */
export interface ElderFacts {
  age: number;
  categories: readonly ElderCategory[];
  abilityLevel?: AbilityLevel | undefined;
  disabilityGrade?: number | undefined;
  bedridden: boolean;
  dementia: boolean;
  mobilityImpaired: boolean;
  economicStatus?: EconomicStatus | undefined;
  /** Circumstances on the form, each with the days since it happened (undefined: no date; negative: not yet). */
  circumstances: readonly { kind: CircumstanceKind; daysSince?: number | undefined }[];
}

const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'must list at least one value');

export const conditionSchema: z.ZodType<Condition> = z.lazy(
  () =>
    z
      .object({
        always: z.literal(true).optional(),
        categoryAny: nonEmpty(z.enum(ELDER_CATEGORIES)).optional(),
        ageAtLeast: z.number().int().min(0).max(130).optional(),
        abilityIn: nonEmpty(z.enum(ABILITY_LEVELS)).optional(),
        abilityNotAssessed: z.literal(true).optional(),
        disabilityGradeAtMost: z.number().int().min(1).max(4).optional(),
        flag: z.enum(ELDER_FLAGS).optional(),
        economicIn: nonEmpty(z.enum(ECONOMIC_STATUSES)).optional(),
        circumstanceAny: nonEmpty(z.enum(CIRCUMSTANCE_KINDS)).optional(),
        recentCircumstance: z
          .object({ kinds: nonEmpty(z.enum(CIRCUMSTANCE_KINDS)), days: z.number().int().min(1).max(3660) })
          .strict()
          .optional(),
        all: nonEmpty(conditionSchema).optional(),
        any: nonEmpty(conditionSchema).optional(),
        not: conditionSchema.optional(),
      })
      .strict()
      .superRefine((value, ctx) => {
        const keys = Object.keys(value).filter((k) => value[k as keyof typeof value] !== undefined);
        if (keys.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            message: `a condition must have exactly one key (always, categoryAny, ageAtLeast, abilityIn, abilityNotAssessed, disabilityGradeAtMost, flag, economicIn, circumstanceAny, recentCircumstance, all, any, not); found ${keys.length === 0 ? 'none' : keys.join(', ')}`,
            ...zhParams(
              'condition_keys',
              `每个条件必须恰好有一个键（always、categoryAny、ageAtLeast、abilityIn、abilityNotAssessed、disabilityGradeAtMost、flag、economicIn、circumstanceAny、recentCircumstance、all、any、not），实际${keys.length === 0 ? '没有' : `为${keys.join('、')}`}`,
            ),
          });
        }
      }) as unknown as z.ZodType<Condition>,
);

export function evaluate(condition: Condition, facts: ElderFacts): boolean {
  if ('always' in condition) return true;
  if ('categoryAny' in condition) return condition.categoryAny.some((c) => facts.categories.includes(c));
  if ('ageAtLeast' in condition) return facts.age >= condition.ageAtLeast;
  if ('abilityIn' in condition) return facts.abilityLevel !== undefined && condition.abilityIn.includes(facts.abilityLevel);
  if ('abilityNotAssessed' in condition) return facts.abilityLevel === undefined;
  if ('disabilityGradeAtMost' in condition) return facts.disabilityGrade !== undefined && facts.disabilityGrade <= condition.disabilityGradeAtMost;
  if ('flag' in condition) return facts[condition.flag];
  if ('economicIn' in condition || 'circumstanceAny' in condition || 'recentCircumstance' in condition) return evaluateCare(condition, facts);
  if ('all' in condition) return condition.all.every((c) => evaluate(c, facts));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, facts));
  return !evaluate(condition.not, facts);
}

/** The condition in words an administrator can check against the policy document. */
export function describe(condition: Condition): string {
  if ('always' in condition) return 'every other eligible elder';
  if ('categoryAny' in condition) return `category ${condition.categoryAny.map((c) => CATEGORY_NAMES_ZH[c]).join(' or ')}`;
  if ('ageAtLeast' in condition) return `aged ${condition.ageAtLeast} or over`;
  if ('abilityIn' in condition) return `assessed ability ${condition.abilityIn.map((a) => ABILITY_NAMES_ZH[a]).join(' or ')}`;
  if ('abilityNotAssessed' in condition) return 'ability not assessed (未评估)';
  if ('disabilityGradeAtMost' in condition) return `disability certificate grade 1–${condition.disabilityGradeAtMost}`;
  if ('flag' in condition) return FLAG_WORDS[condition.flag];
  if ('economicIn' in condition || 'circumstanceAny' in condition || 'recentCircumstance' in condition) return describeCare(condition);
  if ('all' in condition) return condition.all.map((c) => wrap(c)).join(' and ');
  if ('any' in condition) return condition.any.map((c) => wrap(c)).join(' or ');
  return `not ${wrap(condition.not)}`;
}

function wrap(condition: Condition): string {
  return 'all' in condition || 'any' in condition ? `(${describe(condition)})` : describe(condition);
}
