import { CommanderError } from 'commander';
import { ConflictError, NotFoundError } from '../../shared/app/errors';
import { ForbiddenError } from '../../shared/app/supervise';
import { LedgerFileError } from '../../shared/domain/ledger/file-limits';
import { TaskTransitionError } from '../../shared/domain/task/lifecycle';
import { ValidationError } from '../../shared/domain/validation';
import { chineseLine } from '../error-text';
import { StackRefusal } from '../stack/outputs';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';

/** The CLI's exit codes, the same for every command. */
export const EXIT = { done: 0, refused: 1, usage: 2 } as const;

function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** Refusals by a rule of the domain, a missing record, a forbidden area or an unreadable file: exit 1. */
function isRefusal(error: unknown): error is Error {
  return (
    error instanceof ValidationError ||
    error instanceof ForbiddenError ||
    error instanceof TaskTransitionError ||
    error instanceof ConflictError ||
    error instanceof NotFoundError ||
    error instanceof LedgerFileError ||
    error instanceof StackRefusal
  );
}

/** Commander's own errors (it has already written its English line and any suggestion) in Chinese. */
function commanderZh(error: CommanderError): string {
  const unknownCommand = /unknown command '([^']*)'/.exec(error.message);
  if (unknownCommand) return `说明：没有“${unknownCommand[1]}”这个命令，可用命令见 tanfang --help`;
  const unknownOption = /unknown option '([^']*)'/.exec(error.message);
  if (unknownOption) return `说明：命令用法有误：没有“${unknownOption[1]}”这个选项，可用选项见该命令的 --help`;
  if (error.code === 'commander.help') return '说明：命令用法有误：缺少子命令，可用子命令见上';
  const requiredOption = /required option '([^' ]*)[^']*' not specified/.exec(error.message);
  if (requiredOption) return `说明：命令用法有误：缺少必填选项“${requiredOption[1]}”，见该命令的 --help`;
  const missingArgument = /missing required argument '([^']*)'/.exec(error.message);
  if (missingArgument) return `说明：命令用法有误：缺少必填参数“${missingArgument[1]}”，见该命令的 --help`;
  const invalidOption = /option '([^' ]*)[^']*' argument '([^']*)' is invalid/.exec(error.message);
  if (invalidOption) return `说明：命令用法有误：选项“${invalidOption[1]}”的值“${invalidOption[2]}”无效，可用的值见该命令的 --help`;
  const invalidArgument = /value '([^']*)' is invalid for argument '([^']*)'/.exec(error.message);
  if (invalidArgument) return `说明：命令用法有误：参数“${invalidArgument[2]}”的值“${invalidArgument[1]}”无效，见该命令的 --help`;
  const optionMissing = /option '([^' ]*)[^']*' argument missing/.exec(error.message);
  if (optionMissing) return `说明：命令用法有误：选项“${optionMissing[1]}”缺少值`;
  if (error.code === 'commander.excessArguments') return '说明：命令用法有误：参数过多，见该命令的 --help';
  return `说明：命令用法有误（${error.message.replace(/^error: /, '')}）`;
}

/**
 * What a command's failure means for the exit code, written as the English line and the Chinese
 * 说明 line office staff read: 2 for a wrong command line, 1 for a refusal; anything else is a bug
 * and is rethrown with its stack.
 */
export function exitCodeFor(error: unknown, command: string, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help asked for (`--help`, `help <command>`) and the version end well; help shown for a missing command does not.
    if (error.exitCode === 0) return EXIT.done;
    writeLine(io.stderr, commanderZh(error));
    return EXIT.usage;
  }
  const prefix = command ? `tanfang ${command}` : 'tanfang';
  if (error instanceof UsageError || isParseArgsError(error)) {
    writeLine(io.stderr, `${prefix}: ${error.message}`);
    writeLine(io.stderr, chineseLine(error));
    return EXIT.usage;
  }
  if (isRefusal(error)) {
    writeLine(io.stderr, `${prefix}: ${error.message}`);
    writeLine(io.stderr, chineseLine(error));
    return EXIT.refused;
  }
  throw error;
}
