import type { Command } from 'commander';
import type { CliIo } from '../io';

/**
 * A command written on commander: it adds itself (its subcommands, their options, help text with
 * examples) under the root and reports its exit code through `setCode`. Thrown errors reach
 * `exitCodeFor` in main.ts, which maps them to exit codes 1 and 2 with the Chinese 说明 line.
 *
 *   export const mountNeeds: Mount = (program, io, setCode) => { const needs = program.command('needs')…; };
 */
export type Mount = (program: Command, io: CliIo, setCode: (code: number) => void) => void;

/** Values of the options `storeOptions` adds: where a command's data is (see cli/store.ts). */
export interface StoreOptionValues {
  data?: string | undefined;
  at?: string | undefined;
  stack?: string | undefined;
  profile?: string | undefined;
  region?: string | undefined;
}

/**
 * The options of every command on the store: a local database (`--data`, `--at`) or a deployed
 * region (`--stack`, `--profile`), and the region config (`--region`, implied by `--stack`).
 * `regionOf` / `withStore` in cli/store.ts check the combination.
 */
export function storeOptions(command: Command, { at = true, region = true }: { at?: boolean; region?: boolean } = {}): Command {
  command.option('--data <dir>', 'a local database folder, e.g. .tanfang/db').option('--stack <Tanfang-name>', 'a deployed region, e.g. Tanfang-sichuan').option('--profile <profile>', 'the AWS profile to use with --stack');
  if (at) command.option('--at <time>', 'the clock for this command, local databases only (ISO 8601 with offset)');
  if (region) command.option('--region <name>', 'the region config, e.g. sichuan (implied by --stack)');
  return command;
}

/** Command lines an administrator can copy, shown at the end of a command's `--help`. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
}

/** Runs a command's action and hands its exit code on; errors propagate to `exitCodeFor`. */
export function exitWith(setCode: (code: number) => void, action: () => Promise<number>): () => Promise<void> {
  return async () => setCode(await action());
}
