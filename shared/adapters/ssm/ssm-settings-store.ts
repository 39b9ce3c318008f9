import { ParameterNotFound } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SettingsStore } from '../../ports';

export interface SsmSettingsOptions {
  /** How long a function keeps the value it read before asking again (Powertools' cache); 0 reads every time (the CLI). */
  maxAgeSeconds: number;
}

/**
 * The runtime settings in one SSM String parameter, read through Powertools parameters (cached
 * per warm function, so a change reaches every function within `maxAgeSeconds`). A parameter
 * not created yet reads as no settings: the region config's values apply.
 */
export class SsmSettingsStore implements SettingsStore {
  private readonly provider: SSMProvider;
  /** Until when a missing parameter is taken as missing (Powertools caches values, not absence). */
  private missingUntil = 0;

  constructor(
    client: SSMClient,
    private readonly name: string,
    private readonly options: SsmSettingsOptions,
  ) {
    this.provider = new SSMProvider({ awsSdkV3Client: client });
  }

  async read(): Promise<string | undefined> {
    if (this.options.maxAgeSeconds > 0 && Date.now() < this.missingUntil) return undefined;
    try {
      const value = await this.provider.get(this.name, { maxAge: this.options.maxAgeSeconds, forceFetch: this.options.maxAgeSeconds <= 0 });
      return value ?? undefined;
    } catch (error) {
      if (error instanceof Error && error.cause instanceof ParameterNotFound) {
        this.missingUntil = Date.now() + this.options.maxAgeSeconds * 1000;
        return undefined;
      }
      throw error;
    }
  }

  async write(text: string): Promise<void> {
    await this.provider.set(this.name, { value: text, overwrite: true, parameterType: 'String', tier: 'Standard', description: 'Tanfang runtime settings (tanfang settings set validates before writing)' });
    this.provider.clearCache();
    this.missingUntil = 0;
  }
}
