import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SSMClient } from '@aws-sdk/client-ssm';
import { FileSettingsStore } from '../../shared/adapters/local/file-settings-store';
import { SsmSettingsStore } from '../../shared/adapters/ssm/ssm-settings-store';
import { changeSetting, readSettings } from '../../shared/app/runtime-settings';
import { loadRegion } from '../../shared/config/load';
import type { RegionConfig } from '../../shared/config/region-config';
import { SETTING_KEYS } from '../../shared/config/runtime-settings';
import { ValidationError } from '../../shared/domain/validation';
import type { SettingsStore } from '../../shared/ports';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';

export const USAGE = `tanfang settings show --region <name> (--data <dir> | --parameter <ssm-name>)
tanfang settings set <key> <value|@file.json> --region <name> (--data <dir> | --parameter <ssm-name>)
tanfang settings unset <key> --region <name> (--data <dir> | --parameter <ssm-name>)
keys: ${SETTING_KEYS.join(', ')}
e.g. tanfang settings set sms.monthlyBudgetSegments 12000 --region sichuan --parameter /tanfang/sichuan/settings`;

/** Where the settings live: the data folder's file locally, the stack's SSM parameter on AWS (the usual credential chain). */
function storeFor(values: { data?: string | undefined; parameter?: string | undefined }): { store: SettingsStore; where: Record<string, string> } {
  if (values.data !== undefined && values.parameter !== undefined) throw new UsageError('give --data or --parameter, not both');
  if (values.parameter !== undefined) {
    if (!/^\/[A-Za-z0-9_.\-/]{1,1010}$/.test(values.parameter)) throw new UsageError(`--parameter must be an SSM parameter name such as /tanfang/sichuan/settings, got "${values.parameter}"`);
    return { store: new SsmSettingsStore(new SSMClient({}), values.parameter, { maxAgeSeconds: 0 }), where: { parameter: values.parameter } };
  }
  if (values.data === undefined) throw new UsageError(`--data <dir> or --parameter <ssm-name> is required\n${USAGE}`);
  if (!existsSync(values.data)) throw new UsageError(`--data ${values.data} does not exist`);
  return { store: new FileSettingsStore(values.data), where: { file: `${values.data}/settings.json` } };
}

/** A value on the command line is JSON (`12000`, `{"start":"21:30","end":"08:00"}`), or `@file` holding JSON. */
function parseValue(key: string, text: string): unknown {
  const source = text.startsWith('@') ? text.slice(1) : undefined;
  let raw = text;
  if (source !== undefined) {
    if (!existsSync(source)) throw new UsageError(`${text}: no such file`);
    raw = readFileSync(source, 'utf8');
  }
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new ValidationError(`setting ${key}`, [{ field: key, rule: `must be JSON (a number such as 12000, or an object such as {"start":"21:30","end":"08:00"}): ${(cause as Error).message}` }]);
  }
}

/** The value in force for each setting: the stored one, else the region config's. */
function effective(config: RegionConfig): Record<string, unknown> {
  return Object.fromEntries(
    SETTING_KEYS.map((key) => {
      const [section, field] = key.split('.') as [keyof RegionConfig, string];
      return [key, (config[section] as Record<string, unknown>)[field] ?? null];
    }),
  );
}

/** `tanfang settings`: what an office changes during the year without a deploy, validated before it is written. */
export async function settingsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'show' && sub !== 'set' && sub !== 'unset') throw new UsageError(`unknown settings command "${sub ?? ''}"\n${USAGE}`);
  const { values, positionals } = parseArgs({ args: rest, options: { region: { type: 'string' }, data: { type: 'string' }, parameter: { type: 'string' } }, strict: true, allowPositionals: true });
  const expected = { show: 0, set: 2, unset: 1 }[sub];
  if (positionals.length !== expected) throw new UsageError(`settings ${sub} takes ${expected === 0 ? 'no arguments' : expected === 1 ? '<key>' : '<key> <value>'}\n${USAGE}`);
  const base = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
  const { store, where } = storeFor(values);
  if (sub === 'show') {
    const merged = await readSettings(base, store);
    writeLine(io.stdout, { ...where, stored: merged.applied, refused: merged.refused, inForce: effective(merged.runtime.config) });
    if (merged.refused.length > 0) writeLine(io.stderr, `warning: stored settings refused, the region config's values are in force for them: ${merged.refused.map((i) => `${i.field}: ${i.rule}`).join('; ')}`);
    return 0;
  }
  const [key, text] = positionals as [string, string | undefined];
  const change = await changeSetting(base, store, key, text === undefined ? undefined : parseValue(key, text));
  writeLine(io.stdout, { ...where, stored: change.settings, ...(change.dropped.length > 0 ? { dropped: change.dropped } : {}) });
  return 0;
}
