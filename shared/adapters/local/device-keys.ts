import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDeviceKeys } from '../../config/device-keys';
import type { DeviceKeyring } from '../http/device-signature';

/** Where a local database keeps its device platforms' keys (mode 0600, like the development issuer's key). */
export const DEVICE_KEYS_FILE = 'device-platform-keys.json';

/**
 * Device platform keys in a file, for `tanfang serve` and `tanfang device sign`: a configured
 * platform without a key gets a random one on first use (`create`), so a local run can sign.
 */
export class FileDeviceKeys {
  constructor(private readonly file: string) {}

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    const text = readFileSync(this.file, 'utf8');
    parseDeviceKeys(text);
    return (JSON.parse(text) as { platforms: Record<string, string> }).platforms;
  }

  /** The key of a platform; with `create`, made and stored when missing. */
  key(platformId: string, create = false): Buffer | undefined {
    const keys = this.read();
    if (keys[platformId] === undefined && create) {
      keys[platformId] = randomBytes(32).toString('base64');
      writeFileSync(this.file, JSON.stringify({ platforms: keys }, null, 2), { mode: 0o600 });
      chmodSync(this.file, 0o600);
    }
    return parseDeviceKeys(JSON.stringify({ platforms: keys })).get(platformId);
  }

  keyring(): DeviceKeyring {
    return async (platformId) => this.key(platformId);
  }
}
