import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsStore } from '../../ports';

/** The file in a local data folder that holds its runtime settings, as the SSM parameter does in AWS. */
export const SETTINGS_FILE = 'settings.json';

/** The runtime settings of a local data folder (`tanfang settings --data <dir>`, `serve`, `simulate --data`). */
export class FileSettingsStore implements SettingsStore {
  private readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, SETTINGS_FILE);
  }

  async read(): Promise<string | undefined> {
    return existsSync(this.file) ? readFileSync(this.file, 'utf8') : undefined;
  }

  async write(text: string): Promise<void> {
    mkdirSync(join(this.file, '..'), { recursive: true });
    // Written beside and renamed over, so a reader never sees half a document.
    const partial = `${this.file}.partial`;
    writeFileSync(partial, `${text}\n`, { mode: 0o600 });
    renameSync(partial, this.file);
  }
}
