import { SSMClient } from '@aws-sdk/client-ssm';
import type { MiddlewareObj } from '@middy/core';
import { SsmSettingsStore } from '../../shared/adapters/ssm/ssm-settings-store';
import { readSettings } from '../../shared/app/runtime-settings';
import type { RegionConfig, RegionRuntime } from '../../shared/config/region-config';
import { runtimeFromEnv } from '../../shared/config/runtime';
import { issuesToText } from '../../shared/domain/validation';
import type { SettingsStore } from '../../shared/ports';
import { logger } from './observability';

/** A warm function asks SSM again after this long: a change reaches every function within five minutes. */
export const SETTINGS_MAX_AGE_SECONDS = 300;

/**
 * The region runtime a function runs on: the bundled config with the stored settings over it,
 * refreshed before each invocation by `withSettings()`. Its `config` and `policy` are read at
 * use, so the dependencies a handler keeps warm see the settings of the current invocation.
 */
export class LiveRuntime implements RegionRuntime {
  private current: RegionRuntime | undefined;
  private lastText: string | undefined;

  constructor(
    private readonly base: () => RegionRuntime,
    private readonly store: () => SettingsStore | undefined,
  ) {}

  get config(): RegionConfig {
    return this.now().config;
  }

  get policy(): RegionRuntime['policy'] {
    return this.now().policy;
  }

  /** Reads the settings (cached by the store) and merges them; a bad value is logged and the config's used. */
  async refresh(): Promise<void> {
    const store = this.store();
    if (!store) return;
    const text = await store.read();
    if (this.current && text === this.lastText) return;
    const merged = await readSettings(this.base(), { read: async () => text, write: async () => undefined });
    if (merged.refused.length > 0) logger.error('runtime settings refused: the region config values are used for these', { refused: merged.refused, detail: issuesToText(merged.refused) });
    this.current = merged.runtime;
    this.lastText = text;
  }

  private now(): RegionRuntime {
    this.current ??= this.base();
    return this.current;
  }
}

let ssm: SsmSettingsStore | undefined;

/** The stack names the parameter in TANFANG_SETTINGS_PARAMETER for the functions that may read it. */
function lambdaStore(): SettingsStore | undefined {
  const name = process.env.TANFANG_SETTINGS_PARAMETER;
  if (!name) return undefined;
  ssm ??= new SsmSettingsStore(new SSMClient({}), name, { maxAgeSeconds: SETTINGS_MAX_AGE_SECONDS });
  return ssm;
}

let bundled: RegionRuntime | undefined;

/** The function's region runtime (bundled config + SSM settings). */
export const regionRuntime = new LiveRuntime(() => (bundled ??= runtimeFromEnv()), lambdaStore);

/**
 * Refreshes the runtime's settings before the handler. An unreadable parameter (SSM down,
 * throttled) is logged and the last settings read are kept — the config's at a cold start —
 * so a settings outage never stops a job.
 */
export function withSettings(runtime: LiveRuntime = regionRuntime): MiddlewareObj {
  return {
    before: async function refreshSettings() {
      try {
        await runtime.refresh();
      } catch (error) {
        logger.error('runtime settings unreadable: the last ones read (or the region config) are used', { error: error as Error });
      }
    },
  };
}
