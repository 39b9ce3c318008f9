import type { Command } from 'commander';
import { PassThrough } from 'node:stream';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../cli/program/exit-codes';
import { rootCommand } from '../../../cli/program/root';
import { UsageError, writeLine } from '../../../cli/io';
import pkg from '../../../package.json';
import { cli } from '../../helpers/cli';

describe('tanfang as a command line tool', () => {
  it('prints its commands, options and exit codes with --help and -h, on stdout, exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await cli([flag]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(/^Usage: tanfang \[options\] \[command\]/);
      for (const command of ['ledger', 'report', 'task', 'alert', 'simulate', 'archive']) expect(r.stdout).toContain(`  ${command} `);
      expect(r.stdout).toContain('1  refused by a rule, not found or forbidden');
    }
  });

  it('lists ledger’s subcommands and examples with ledger --help, ledger -h and help ledger', async () => {
    for (const args of [
      ['ledger', '--help'],
      ['ledger', '-h'],
      ['help', 'ledger'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      for (const sub of ['import', 'export', 'template', 'check', 'review', 'overdue']) expect(r.stdout).toMatch(new RegExp(`^ {2}${sub} `, 'm'));
      expect(r.stdout).toMatch(/Examples:\n {2}\$ tanfang ledger import/);
    }
  });

  it('lists a subcommand’s own options, each described, and its examples with ledger import --help', async () => {
    const r = await cli(['ledger', 'import', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: tanfang ledger import \[options\] <file>/);
    for (const option of ['--data <dir>', '--stack <Tanfang-name>', '--profile <profile>', '--region <name>', '--report <errors.csv>', '--by <personId>', '--quiet']) expect(r.stdout).toContain(`  ${option}  `);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ tanfang ledger import 台账\.xlsx/);
  });

  it('gives every command, and every subcommand of one that has them, help with at least one example', async () => {
    const names = (help: string) => [...help.slice(help.indexOf('Commands:')).matchAll(/^ {2}([a-z-]+) /gm)].map(([, name]) => name!).filter((n) => n !== 'help');
    const commands = names((await cli(['--help'])).stdout);
    expect(commands.length).toBeGreaterThanOrEqual(17);
    const leaves: string[][] = [];
    const walk = async (path: string[]) => {
      const help = (await cli([...path, '-h'])).stdout;
      const subs = help.includes('\nCommands:\n') ? names(help) : [];
      if (subs.length === 0) leaves.push(path);
      for (const sub of subs) await walk([...path, sub]);
    };
    for (const command of commands) await walk([command]);
    for (const leaf of leaves) expect((await cli([...leaf, '-h'])).stdout, leaf.join(' ')).toMatch(/Examples:\n {2}\$ tanfang /);
  });

  it('documents simulate’s --no-serve, which ends `npm start -- --no-serve` (simulate --serve --no-serve) after the summary', async () => {
    const r = await cli(['simulate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--serve .*\n(.*\n)*? {2}--no-serve /);
  });

  it('prints package.json’s version with --version and -V', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(await cli(['-V'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('suggests the command meant by a typo, with its 说明, exit 2', async () => {
    const r = await cli(['leger', 'import', 'x.csv']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain("error: unknown command 'leger'");
    expect(r.stderr).toContain('(Did you mean ledger?)');
    expect(r.stderr).toContain('说明：没有“leger”这个命令');
  });

  it('refuses an unknown option before the command with exit 2', async () => {
    const r = await cli(['--stak', 'Tanfang-sichuan', 'ledger']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--stak'") });
    expect(r.stderr).toContain('说明：命令用法有误');
  });

  it('suggests the option meant by a typo inside a command, exit 2', async () => {
    expect(await cli(['report', 'ledger', '--stak', 'Tanfang-sichuan', '--area', '510108', '--period', '2026-11'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--stak'\n(Did you mean --stack?)") });
    // Commander names a missing required option before an unknown one: a typo'd required option is named as missing.
    expect(await cli(['task', 'list', '--visiter', 'v'])).toMatchObject({ code: 2, stderr: expect.stringContaining("required option '--visitor <personId>' not specified") });
    expect(await cli(['task', 'ack', '--task', 'E1#t', '--by', 'x', '--huors', '2'])).toMatchObject({ code: 2, stderr: expect.stringContaining('(Did you mean --hours?)') });
    expect(await cli(['task', 'list', '--visitor', 'v', '--zzzzzz', '1'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option '--zzzzzz'\n说明：命令用法有误/) });
  });

  it('names a missing flag with exit 2 and its 说明', async () => {
    const r = await cli(['report', 'visit-rate', '--data', '/nonexistent', '--period', '2026-10']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('--region is required') });
    expect(r.stderr).toContain('说明：命令用法有误');
  });

  it('says what is missing when called with no command at all (exit 2, the help on stderr)', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: tanfang');
  });
});

describe('Function: exitCodeFor', () => {
  it('is 2 with the 说明 line for a usage error, and rethrows what is a bug', () => {
    const err = new PassThrough();
    const text: string[] = [];
    err.on('data', (c) => text.push(String(c)));
    const streams = { stdin: Readable.from(['']), stdout: new PassThrough(), stderr: err };
    expect(exitCodeFor(new UsageError('--x is required'), 'task', streams)).toBe(2);
    writeLine(err, '');
    expect(text.join('')).toContain('tanfang task: --x is required');
    expect(() => exitCodeFor(new RangeError('boom'), 'task', streams)).toThrow('boom');
  });
});
