import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';

/** A subcommand, the options its --help must list, and a command line missing a required option or argument. */
interface Leaf {
  path: string[];
  options: string[];
  missing?: { args: string[]; names: string };
}

const LEAVES: Leaf[] = [
  { path: ['ledger', 'import'], options: ['--data <dir>', '--stack <Tanfang-name>', '--report <errors.csv>'], missing: { args: ['--data', '/nonexistent', '--region', 'sichuan'], names: "missing required argument 'file'" } },
  { path: ['ledger', 'export'], options: ['--out <file>', '--purpose <why>', '--by <personId>'], missing: { args: ['--stack', 'Tanfang-sichuan', '--out', 'x.csv'], names: "required option '--purpose <why>' not specified" } },
  { path: ['ledger', 'template'], options: ['--out <file.xlsx>'], missing: { args: [], names: "required option '--out <file.xlsx>' not specified" } },
  { path: ['ledger', 'check'], options: ['--dry-run', '--stack <Tanfang-name>'] },
  { path: ['ledger', 'review'], options: ['--elder <id>', '--by <personId>', '--note <text>'], missing: { args: ['--data', '/nonexistent', '--by', 'x'], names: "required option '--elder <id>' not specified" } },
  { path: ['ledger', 'overdue'], options: ['--area <code>', '--limit <n>'], missing: { args: ['--data', '/nonexistent'], names: "required option '--area <code>' not specified" } },
];

describe('commands on commander’s own options', () => {
  for (const leaf of LEAVES) {
    const name = leaf.path.join(' ');
    it(`lists the options of ${name} with --help, each with a description, and an example`, async () => {
      const r = await cli([...leaf.path, '--help']);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toContain(`Usage: tanfang ${name} [options]`);
      for (const option of leaf.options) expect(r.stdout).toMatch(new RegExp(`^ {2}${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +\\S`, 'm'));
      expect(r.stdout).toMatch(new RegExp(`Examples:\\n {2}\\$ tanfang ${leaf.path[0]} `));
    });
    if (leaf.missing) {
      const { args, names } = leaf.missing;
      it(`refuses ${name} without what it needs: exit 2 naming it, with its 说明`, async () => {
        const r = await cli([...leaf.path, ...args]);
        expect(r).toMatchObject({ code: 2, stdout: '' });
        expect(r.stderr).toContain(`error: ${names}`);
        expect(r.stderr).toMatch(/\n说明：命令用法有误：缺少必填(选项|参数)“[^”]+”/);
      });
    }
  }

  it.each([
    ['ledger', 'imprt', 'import'],
    ['ledger', 'exprot', 'export'],
  ])('suggests the subcommand meant by `%s %s` (exit 2, 说明)', async (command, typo, meant) => {
    const r = await cli([command, typo]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`(Did you mean ${meant}?)`);
    expect(r.stderr).toContain(`说明：没有“${typo}”这个命令`);
  });

  it('suggests the option meant by a typo in a subcommand (exit 2)', async () => {
    const r = await cli(['ledger', 'check', '--stak', 'Tanfang-sichuan']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--stak'\n(Did you mean --stack?)") });
    expect(r.stderr).toContain('说明：命令用法有误：没有“--stak”这个选项');
  });

  it('refuses an argument a subcommand does not take (exit 2)', async () => {
    const r = await cli(['ledger', 'check', 'extra', '--data', '/nonexistent']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('too many arguments') });
    expect(r.stderr).toContain('说明：命令用法有误：参数过多');
  });
});
