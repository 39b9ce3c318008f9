import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SSMClient } from '@aws-sdk/client-ssm';
import { FileSettingsStore } from '../../shared/adapters/local/file-settings-store';
import { SsmSettingsStore } from '../../shared/adapters/ssm/ssm-settings-store';
import { changeSetting, readSettings } from '../../shared/app/runtime-settings';
import type { RegionConfig } from '../../shared/config/region-config';
import { SETTING_KEYS } from '../../shared/config/runtime-settings';
import { ValidationError } from '../../shared/domain/validation';
import type { SettingsStore } from '../../shared/ports';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';
import { regionOf } from '../store';
import { requireOutput } from '../stack/outputs';
import { stackAccess } from '../stack/targets';

interface SettingsOptions {
  region?: string;
  data?: string;
  parameter?: string;
  stack?: string;
  profile?: string;
}

const STORES = '--data <dir> (a local folder), --parameter <ssm-name> or --stack Tanfang-<name>';

/**
 * Where the settings live: the data folder's file locally; on AWS the SSM parameter the stack
 * names in its outputs (`--stack`), or one named directly (`--parameter`, the usual credential chain).
 */
async function storeFor(values: SettingsOptions): Promise<{ store: SettingsStore; where: Record<string, string> }> {
  if ([values.data, values.parameter, values.stack].filter((v) => v !== undefined).length > 1) throw new UsageError(`give one of ${STORES}, not two`);
  if (values.profile !== undefined && values.stack === undefined) throw new UsageError('--profile goes with --stack Tanfang-<name> (a deployed region)');
  if (values.stack !== undefined) {
    const stack = await stackAccess({ stack: values.stack, profile: values.profile });
    const parameter = requireOutput(stack.targets, stack.targets.settingsParameter, 'SettingsParameter');
    return { store: new SsmSettingsStore(new SSMClient(stack.client), parameter, { maxAgeSeconds: 0 }), where: { stack: values.stack, parameter } };
  }
  if (values.parameter !== undefined) {
    if (!/^\/[A-Za-z0-9_.\-/]{1,1010}$/.test(values.parameter)) throw new UsageError(`--parameter must be an SSM parameter name such as /tanfang/sichuan/settings, got "${values.parameter}"`);
    return { store: new SsmSettingsStore(new SSMClient({}), values.parameter, { maxAgeSeconds: 0 }), where: { parameter: values.parameter } };
  }
  if (values.data === undefined) throw new UsageError(`${STORES} is required`);
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

/** The options of every settings subcommand: the region config and where the settings are. */
function settingsOptions(command: Command): Command {
  return command
    .option('--region <name>', 'the region config, e.g. sichuan (implied by --stack)')
    .option('--data <dir>', 'a local data folder: its settings.json')
    .option('--stack <Tanfang-name>', 'a deployed region: the SSM parameter its outputs name')
    .option('--profile <profile>', 'the AWS profile to use with --stack')
    .option('--parameter <ssm-name>', 'an SSM parameter named directly, e.g. /tanfang/sichuan/settings');
}

/** `tanfang settings`: what an office changes during the year without a deploy, validated before it is written. */
export const mountSettings: Mount = (program, io, setCode) => {
  const settings = program.command('settings').description('runtime settings (holidays, SMS budget, quiet hours, per-phone limits, escalation) without a deploy');
  const keys = `keys: ${SETTING_KEYS.join(', ')}`;
  withExamples(settings.addHelpText('after', `\n${keys}`), ['tanfang settings show --stack Tanfang-sichuan', 'tanfang settings set sms.monthlyBudgetSegments 200000 --stack Tanfang-sichuan --profile sichuan-admin']);

  const show: Command = settingsOptions(settings.command('show').description('the stored settings, any refused, and the value in force for every key'));
  withExamples(show, ['tanfang settings show --region sichuan --data .tanfang/db', 'tanfang settings show --stack Tanfang-sichuan']).action(
    exitWith(setCode, async () => {
      const values = show.opts<SettingsOptions>();
      const base = regionOf(values);
      const { store, where } = await storeFor(values);
      const merged = await readSettings(base, store);
      writeLine(io.stdout, { ...where, stored: merged.applied, refused: merged.refused, inForce: effective(merged.runtime.config) });
      if (merged.refused.length > 0) writeLine(io.stderr, `warning: stored settings refused, the region config's values are in force for them: ${merged.refused.map((i) => `${i.field}: ${i.rule}`).join('; ')}`);
      return 0;
    }),
  );

  const change = (cmd: Command, value: (cmd: Command) => string | undefined) =>
    cmd.action(
      exitWith(setCode, async () => {
        const values = cmd.opts<SettingsOptions>();
        const base = regionOf(values);
        const key = cmd.processedArgs[0] as string;
        const text = value(cmd);
        const { store, where } = await storeFor(values);
        const changed = await changeSetting(base, store, key, text === undefined ? undefined : parseValue(key, text));
        writeLine(io.stdout, { ...where, stored: changed.settings, ...(changed.dropped.length > 0 ? { dropped: changed.dropped } : {}) });
        return 0;
      }),
    );
  const set: Command = settingsOptions(settings.command('set').description('validate a value and store it (the whole settings are checked before anything is written)'))
    .argument('<key>', keys)
    .argument('<value>', 'JSON (12000, {"start":"21:30","end":"08:00"}) or @file.json');
  change(
    withExamples(set, ['tanfang settings set sms.monthlyBudgetSegments 12000 --stack Tanfang-sichuan', 'tanfang settings set calendar.statutoryDays @days-2027.json --region sichuan --data .tanfang/db']),
    (cmd) => cmd.processedArgs[1] as string,
  );
  const unset: Command = settingsOptions(settings.command('unset').description('drop a stored setting: the region config’s value is in force again')).argument('<key>', keys);
  change(withExamples(unset, ['tanfang settings unset sms.quietHours --stack Tanfang-sichuan']), () => undefined);
};
