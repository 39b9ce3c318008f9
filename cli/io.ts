import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** Where a command reads and writes, injected so tests can run commands in-process. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

export const processIo: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

export async function* readLines(stream: Readable): AsyncGenerator<{ line: string; number: number }> {
  let number = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    number++;
    yield { line, number };
  }
}

export function writeLine(stream: Writable, value: unknown): void {
  stream.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
}

/** A usage error: the command line itself is wrong. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function requireOption(values: Record<string, unknown>, name: string, hint: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required (${hint})`);
  return value;
}
