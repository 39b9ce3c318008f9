import { PassThrough, Readable } from 'node:stream';
import { run } from '../../cli/main';

/** Runs the CLI in-process with the given arguments and stdin; returns its exit code and output. */
export async function cli(args: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const code = await run(args, { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
