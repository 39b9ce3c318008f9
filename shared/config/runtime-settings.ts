import type { z } from 'zod';
import type { StatutoryDay } from '../domain/calendar';
import { formatIssues, safeParseClean } from '../domain/validation';
import type { FieldIssue } from '../domain/validation';
import { applyOverrides, regionConfigSchema } from './region-config';
import type { RegionConfig, RegionRuntime } from './region-config';

const sms = regionConfigSchema.shape.sms.shape;
const escalation = regionConfigSchema.shape.escalation.unwrap().shape;

/**
 * What an office changes during the year without a redeploy, by the dotted path of the region
 * config field each one overrides, with that field's own schema (the same rules as at synth).
 * Policies (tiers, cadences, templates) are not here: they change through code review.
 */
export const SETTING_SCHEMAS = {
  /** Statutory holidays and adjusted working days of a newly published year (added to the config's, a date given here wins). */
  'calendar.statutoryDays': regionConfigSchema.shape.calendar.unwrap().shape.statutoryDays.unwrap(),
  'sms.monthlyBudgetSegments': sms.monthlyBudgetSegments.unwrap(),
  'sms.quietHours': sms.quietHours.unwrap(),
  'sms.perPhone': sms.perPhone.unwrap(),
  'escalation.ladders': escalation.ladders,
  'escalation.acknowledgeHours': escalation.acknowledgeHours,
  'escalation.followUpHours': escalation.followUpHours,
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as SettingKey[];
export type Settings = { -readonly [K in SettingKey]?: z.output<(typeof SETTING_SCHEMAS)[K]> };

/**
 * SSM Parameter Store's standard tier holds 4 KB: enough for a year's statutory days (about 35
 * entries) and every other setting; a bigger document is refused at write, not cut.
 */
export const SETTINGS_MAX_BYTES = 4096;

export const isSettingKey = (key: string): key is SettingKey => (SETTING_KEYS as string[]).includes(key);

function unknownKey(key: string): FieldIssue {
  return { field: key, rule: `not a runtime setting; settings are ${SETTING_KEYS.join(', ')} (everything else changes through the region config and a deploy)` };
}

/** The config with one setting's value written over its field (statutory days are merged by date). */
function withSetting(config: RegionConfig, key: SettingKey, value: unknown): unknown {
  const [section, field] = key.split('.') as [keyof RegionConfig, string];
  let next = value;
  if (key === 'calendar.statutoryDays') {
    const given = value as StatutoryDay[];
    const dates = new Set(given.map((d) => d.date));
    next = [...config.calendar.statutoryDays.filter((d) => !dates.has(d.date)), ...given].sort((a, b) => a.date.localeCompare(b.date));
  }
  return { ...config, [section]: { ...(config[section] as object), [field]: next } };
}

/** Validates one setting as the region config would: its field's schema, then the whole config with it (ladders against the policy's tiers…). */
export function checkSetting(base: RegionRuntime, key: string, value: unknown): { ok: true; value: unknown; config: RegionConfig } | { ok: false; issues: FieldIssue[] } {
  if (!isSettingKey(key)) return { ok: false, issues: [unknownKey(key)] };
  // The shared hygiene walk too (control and bidi characters in a holiday's name, prototype keys).
  const own = safeParseClean(SETTING_SCHEMAS[key], value);
  if (!own.success) return { ok: false, issues: own.issues.map((i) => ({ ...i, field: i.field === '(root)' ? key : `${key}.${i.field}` })) };
  const whole = regionConfigSchema.safeParse(withSetting(base.config, key, own.data));
  if (!whole.success) return { ok: false, issues: formatIssues(whole.error) };
  const applied = applyOverrides(whole.data, base.policy);
  if (!applied.ok) return { ok: false, issues: applied.issues };
  return { ok: true, value: own.data, config: whole.data };
}

export interface MergedSettings {
  runtime: RegionRuntime;
  /** The settings in force (valid ones only). */
  applied: Settings;
  /** Stored values refused: the config's value is used for each. */
  refused: FieldIssue[];
}

/**
 * The region runtime with the stored settings over it. A stored document that is not JSON, or a
 * setting that breaks its rule, never stops a function: each bad one is reported and the
 * config's value kept, the good ones still apply.
 */
export function mergeSettings(base: RegionRuntime, text: string | undefined): MergedSettings {
  if (text === undefined || text.trim() === '') return { runtime: base, applied: {}, refused: [] };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    return { runtime: base, applied: {}, refused: [{ field: '(settings)', rule: `not JSON: ${(cause as Error).message}` }] };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { runtime: base, applied: {}, refused: [{ field: '(settings)', rule: 'must be a JSON object of setting → value' }] };
  }
  const applied: Settings = {};
  const refused: FieldIssue[] = [];
  let config = base.config;
  for (const [key, value] of Object.entries(document)) {
    const checked = checkSetting({ config, policy: base.policy }, key, value);
    if (!checked.ok) {
      refused.push(...checked.issues);
      continue;
    }
    (applied as Record<string, unknown>)[key] = checked.value;
    config = checked.config;
  }
  return { runtime: { config, policy: base.policy }, applied, refused };
}

/** The settings document as it is stored: compact JSON, keys in a fixed order. */
export function settingsText(settings: Settings): string {
  const ordered = Object.fromEntries(SETTING_KEYS.filter((k) => settings[k] !== undefined).map((k) => [k, settings[k]]));
  return JSON.stringify(ordered);
}
