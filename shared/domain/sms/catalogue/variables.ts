import type { TemplateVariable } from '../template';

/**
 * The variables templates share. Every one fits in 6 characters, the strictest published limit
 * (Tencent Cloud, non-verification templates), so one catalogue files with every provider.
 */
export const elder: TemplateVariable = { name: 'elder', type: 'masked_name', maxLength: 6, description: '老人姓名（已脱敏，如张*华）' };
export const village: TemplateVariable = { name: 'village', type: 'place', maxLength: 6, description: '老人所在村（社区）名称' };

export const count = (name: string, description: string): TemplateVariable => ({ name, type: 'count', maxLength: 4, description });
export const date = (name: string, description: string): TemplateVariable => ({ name, type: 'date', maxLength: 6, description });
export const dayHour = (name: string, description: string): TemplateVariable => ({ name, type: 'day_hour', maxLength: 6, description });

/** A variable that takes one of a fixed list of words; its limit is the longest word. */
export function word(name: string, description: string, values: readonly string[]): TemplateVariable {
  return { name, type: 'word', maxLength: Math.max(...values.map((v) => Array.from(v).length)), description, values };
}

/** How a task's visit may be made, as one word before 探访. */
export const METHOD_WORDS = ['上门', '电话或上门', '按要求'] as const;
export const method = word('method', '探访方式', METHOD_WORDS);
