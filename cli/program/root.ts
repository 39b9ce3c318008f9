import { Command } from 'commander';
import pkg from '../../package.json';
import type { CliIo } from '../io';

const DESCRIPTION = 'visit-and-care tasks for special-difficulty elders (探访关爱)';

const AFTER = `
Exit codes:
  0  done
  1  refused by a rule, not found or forbidden (with a 说明 line in Chinese)
  2  the command line itself is wrong (with a 说明 line in Chinese)

Run \`tanfang <command> --help\` for a command's options and examples.`;

/**
 * The root `tanfang` command: output to the injected streams, errors returned instead of exiting
 * the process (tests run the CLI in-process), suggestions for mistyped commands and options.
 * Options are positional: `tanfang --version` is the root's, `tanfang task list --version` is not.
 */
export function rootCommand(io: CliIo): Command {
  return new Command('tanfang')
    .description(DESCRIPTION)
    .addHelpText('after', AFTER)
    .version(pkg.version, '-V, --version', 'the version of tanfang')
    .helpOption('-h, --help', 'this help')
    .helpCommand('help [command]', 'the help of a command')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .enablePositionalOptions();
}
