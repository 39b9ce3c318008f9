/**
 * The seven categories of special-difficulty elders (民发〔2022〕73号), plus Shanghai's extras
 * (沪民养老发〔2023〕7号): elderly-only households 纯老家庭, dementia 失智, temporary hardship.
 * An elder may belong to several.
 */
export const ELDER_CATEGORIES = ['solitary_childless', 'living_alone', 'empty_nest', 'left_behind', 'disabled', 'severe_disability', 'family_planning_special', 'elderly_only_household', 'dementia', 'temporary_hardship'] as const;
export type ElderCategory = (typeof ELDER_CATEGORIES)[number];

export const CATEGORY_NAMES_ZH: Record<ElderCategory, string> = {
  solitary_childless: '孤寡',
  living_alone: '独居',
  empty_nest: '空巢',
  left_behind: '留守',
  disabled: '失能',
  severe_disability: '重残',
  family_planning_special: '计生特殊家庭',
  elderly_only_household: '纯老家庭',
  dementia: '失智',
  temporary_hardship: '阶段性临时困难',
};

/** 老年人能力评估: ability intact, mildly / moderately / severely impaired, or completely lost. */
export const ABILITY_LEVELS = ['intact', 'mild', 'moderate', 'severe', 'complete'] as const;
export type AbilityLevel = (typeof ABILITY_LEVELS)[number];

export const ABILITY_NAMES_ZH: Record<AbilityLevel, string> = {
  intact: '能力完好',
  mild: '轻度失能',
  moderate: '中度失能',
  severe: '重度失能',
  complete: '完全失能',
};

/** 特困 / 低保 / 低保边缘 / none of these. */
export const ECONOMIC_STATUSES = ['extreme_poverty', 'subsistence', 'near_subsistence', 'none'] as const;
export type EconomicStatus = (typeof ECONOMIC_STATUSES)[number];

export const DISABILITY_GRADES = [1, 2, 3, 4] as const;
