import { readLines } from './io';
import type { CliIo } from './io';

/** Everything on stdin as one text (a form or an alarm a command reads as JSON). */
export async function stdinText(io: CliIo): Promise<string> {
  const lines: string[] = [];
  for await (const { line } of readLines(io.stdin)) lines.push(line);
  return lines.join('\n');
}
