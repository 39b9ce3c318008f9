import { Command } from 'commander';
import { UsageError } from '../io';
import type { CliIo } from '../io';

/** A command still written in the old style: it parses its own arguments and returns its exit code. */
export type LegacyCommand = (argv: string[], io: CliIo) => Promise<number>;

export interface LegacyMount {
  /** One line for `tanfang --help`. */
  summary: string;
  /** The command's own usage lines, shown by `--help` under commander's. */
  usage: string;
  /** Command lines an administrator can copy, shown by `--help`. */
  examples?: string[];
}

/** `--help` text: the usage lines and the examples, indented like commander's own sections. */
export function helpSections(usage: string, examples: string[] = []): string {
  const indent = (text: string) =>
    text
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
  const sections = [`\nUsage lines:\n${indent(usage)}`];
  if (examples.length > 0) sections.push(`\nExamples:\n${indent(examples.map((e) => `$ ${e}`).join('\n'))}`);
  return sections.join('\n');
}

/**
 * Mounts an old-style command under commander: commander gives it `--help`/`-h`, a place in
 * `tanfang --help` and suggestions when its name is mistyped; every argument after its name goes
 * to the command untouched (pass-through), so its own parsing, messages and exit codes are kept.
 *
 *   mountLegacy(program, 'settings', settingsCommand, { summary: '…', usage: SETTINGS_USAGE }, setCode)
 */
export function mountLegacy(parent: Command, name: string, command: LegacyCommand, mount: LegacyMount, io: CliIo, setCode: (code: number) => void): Command {
  const sub = parent
    .command(name)
    .summary(mount.summary)
    .description(mount.summary)
    .argument('[args...]', 'the command’s subcommand, options and files, see below')
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .addHelpText('after', helpSections(mount.usage, mount.examples));
  sub.action(async (args: string[]) => {
    // Pass-through hands `tanfang sms templates --help` to the command; answer it here instead.
    if (args.includes('--help') || args.includes('-h')) {
      sub.outputHelp();
      setCode(0);
      return;
    }
    try {
      setCode(await command(args, io));
    } catch (error) {
      throw withOptionSuggestion(error, mount.usage);
    }
  });
  return sub;
}

/**
 * An old-style command's "Unknown option '--dat'" with commander's suggestion of the option meant,
 * from the options its usage lines name (a throwaway commander command does the matching).
 */
export function withOptionSuggestion(error: unknown, usage: string): unknown {
  const unknown = error instanceof TypeError && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '([^']+)'/.exec(error.message)?.[1] : undefined;
  if (!unknown) return error;
  let said = '';
  const probe = new Command().exitOverride().configureOutput({ writeErr: (text) => (said += text), writeOut: () => {} });
  for (const flag of new Set(usage.match(/--[a-z][a-z-]*/g))) probe.option(`${flag} [value]`);
  try {
    probe.parse([unknown], { from: 'user' });
  } catch {
    // The probe always refuses the unknown option: its message is what we want.
  }
  const meant = /\(Did you mean (one of --[^?]+|--[a-z-]+)\?\)/.exec(said)?.[1];
  return new UsageError(`unknown option ${unknown}${meant ? ` (did you mean ${meant}?)` : ''}; see --help`);
}
