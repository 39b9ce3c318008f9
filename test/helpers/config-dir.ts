import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGION_CONFIG_DIR } from '../../shared/config/load';

/** A config folder holding one bundled region config (sichuan by default) after `change`. */
export function configDirWith(change: (c: Record<string, unknown>) => void, region = 'sichuan'): string {
  const dir = mkdtempSync(join(tmpdir(), 'tanfang-config-'));
  const config = JSON.parse(readFileSync(join(REGION_CONFIG_DIR, `${region}.json`), 'utf8')) as Record<string, unknown>;
  change(config);
  writeFileSync(join(dir, `${region}.json`), JSON.stringify(config));
  return dir;
}
