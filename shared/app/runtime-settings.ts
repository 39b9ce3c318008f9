import { checkSetting, isSettingKey, mergeSettings, SETTING_KEYS, SETTINGS_MAX_BYTES, settingsText } from '../config/runtime-settings';
import type { MergedSettings, Settings } from '../config/runtime-settings';
import type { RegionRuntime } from '../config/region-config';
import { ValidationError } from '../domain/validation';
import type { FieldIssue } from '../domain/validation';
import type { SettingsStore } from '../ports';

/** The region runtime with the store's settings over it; bad stored values come back in `refused`, never as a throw. */
export async function readSettings(base: RegionRuntime, store: SettingsStore): Promise<MergedSettings> {
  return mergeSettings(base, await store.read());
}

export interface SettingChange {
  settings: Settings;
  /** Stored values that were already invalid and are dropped by this write (the config's value was in force for each). */
  dropped: FieldIssue[];
}

/**
 * Changes one setting (or removes it: `value` undefined) after validating it as the region
 * config would; a value that breaks a rule is refused before anything is written, naming the
 * field and the rule, and the stored document stays as it was.
 */
export async function changeSetting(base: RegionRuntime, store: SettingsStore, key: string, value: unknown): Promise<SettingChange> {
  const current = await readSettings(base, store);
  const settings: Settings = { ...current.applied };
  if (value === undefined) {
    if (!isSettingKey(key)) throw new ValidationError('setting', [{ field: key, rule: `not a runtime setting; settings are ${SETTING_KEYS.join(', ')}` }]);
    delete settings[key];
  } else {
    // Checked over the other settings in force, so the stored whole is valid together.
    const others = mergeSettings(base, settingsText(withoutKey(settings, key)));
    const checked = checkSetting(others.runtime, key, value);
    if (!checked.ok) throw new ValidationError(`setting ${key}`, checked.issues);
    (settings as Record<string, unknown>)[key] = checked.value;
  }
  const text = settingsText(settings);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > SETTINGS_MAX_BYTES) {
    throw new ValidationError(`setting ${key}`, [
      { field: key, rule: `the settings would take ${bytes} bytes, more than the ${SETTINGS_MAX_BYTES} a standard SSM parameter holds: keep only the statutory days not yet bundled (the newly published year)` },
    ]);
  }
  await store.write(text);
  return { settings, dropped: current.refused };
}

function withoutKey(settings: Settings, key: string): Settings {
  const copy: Record<string, unknown> = { ...settings };
  delete copy[key];
  return copy as Settings;
}
