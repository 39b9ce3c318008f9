import { FileSettingsStore } from '../shared/adapters/local/file-settings-store';
import { readSettings } from '../shared/app/runtime-settings';
import type { RegionRuntime } from '../shared/config/region-config';
import { issuesToText } from '../shared/domain/validation';
import { writeLine } from './io';
import type { CliIo } from './io';

/**
 * The local runner's runtime: the region config with the data folder's settings over it
 * (`tanfang settings set … --data <dir>`), as a function merges its SSM parameter. A bad stored
 * value is warned about and the config's kept.
 */
export async function withLocalSettings(runtime: RegionRuntime, dir: string | undefined, io: CliIo): Promise<RegionRuntime> {
  if (dir === undefined) return runtime;
  const merged = await readSettings(runtime, new FileSettingsStore(dir));
  if (merged.refused.length > 0) writeLine(io.stderr, `warning: settings in ${dir} refused, the region config's values are used for them: ${issuesToText(merged.refused)}`);
  return merged.runtime;
}
