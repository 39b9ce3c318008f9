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
  {
    path: ['report', 'visit-rate'],
    options: ['--area <code>', '--visitor <id>', '--period <period>', '--by <dimensions>', '--format <format>', '--as <personId>'],
    missing: { args: ['--data', '/nonexistent', '--area', '510108'], names: "required option '--period <period>' not specified" },
  },
  { path: ['report', 'ledger'], options: ['--area <code>', '--period <period>', '--out <file>'], missing: { args: ['--stack', 'Tanfang-sichuan', '--period', '2026-11'], names: "required option '--area <code>' not specified" } },
  { path: ['report', 'monthly'], options: ['--area <code>', '--format <format>'] },
  { path: ['report', 'quarterly'], options: ['--area <code>', '--format <format>'] },
  { path: ['task', 'list'], options: ['--visitor <personId>', '--stack <Tanfang-name>'], missing: { args: ['--data', '/nonexistent'], names: "required option '--visitor <personId>' not specified" } },
  { path: ['task', 'show'], options: ['--task <ref>'], missing: { args: ['--stack', 'Tanfang-sichuan'], names: "required option '--task <ref>' not specified" } },
  { path: ['task', 'ack'], options: ['--task <ref>', '--by <personId>', '--hours <n>'], missing: { args: ['--data', '/nonexistent', '--task', 'E1#t'], names: "required option '--by <personId>' not specified" } },
  { path: ['task', 'reassign'], options: ['--to <visitorId>', '--reason <text>'], missing: { args: ['--data', '/nonexistent', '--task', 'E1#t', '--by', 'x', '--to', 'y'], names: "required option '--reason <text>' not specified" } },
  { path: ['task', 'resolve'], options: ['--resolution <resolution>', '--note <text>'], missing: { args: ['--data', '/nonexistent', '--task', 'E1#t', '--by', 'x'], names: "required option '--resolution <resolution>' not specified" } },
  { path: ['task', 'follow-up'], options: ['--method <method>', '--outcome <outcome>', '--note <text>'] },
  {
    path: ['task', 'move'],
    options: ['--from <visitorId>', '--to <visitorId>', '--reason <text>'],
    missing: { args: ['--data', '/nonexistent', '--to', 'y', '--by', 'x', '--reason', 'r'], names: "required option '--from <visitorId>' not specified" },
  },
  { path: ['alert', 'ingest'], options: ['--data <dir>', '--stack <Tanfang-name>'] },
  { path: ['alert', 'show'], options: ['--id <occasionId>'], missing: { args: ['--stack', 'Tanfang-sichuan'], names: "required option '--id <occasionId>' not specified" } },
  { path: ['settings', 'set'], options: ['--stack <Tanfang-name>', '--parameter <ssm-name>', '--data <dir>'], missing: { args: ['sms.quietHours', '--stack', 'Tanfang-sichuan'], names: "missing required argument 'value'" } },
  { path: ['ops', 'schedules', 'pause'], options: ['--stack <Tanfang-name>', '--group <schedule group>'], missing: { args: ['--stack', 'Tanfang-sichuan'], names: "missing required argument 'name'" } },
  { path: ['ops', 'redrive'], options: ['--stack <Tanfang-name>', '--queue-url <url>', '--rate <messages/s>'] },
  { path: ['sms', 'templates'], options: ['--region <name>', '--json'], missing: { args: [], names: "required option '--region <name>' not specified" } },
  { path: ['sms', 'deliveries'], options: ['--person <personId>', '--elder <elderId>', '--by <personId>'], missing: { args: ['--stack', 'Tanfang-sichuan', '--person', 'p'], names: "required option '--by <personId>' not specified" } },
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
    ['report', 'visit-rat', 'visit-rate'],
    ['report', 'montly', 'monthly'],
    ['task', 'resolv', 'resolve'],
    ['task', 'folow-up', 'follow-up'],
    ['alert', 'ingset', 'ingest'],
    ['settings', 'shwo', 'show'],
    ['ops', 'schedule', 'schedules'],
    ['sms', 'invalid-number', 'invalid-numbers'],
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

  it('refuses a value outside an enumeration before doing anything, naming the option and the allowed values (exit 2, 说明)', async () => {
    const format = await cli(['report', 'ledger', '--data', '/nonexistent', '--region', 'sichuan', '--area', '510108', '--period', '2026-11', '--format', 'pdf']);
    expect(format).toMatchObject({ code: 2, stderr: expect.stringContaining("option '--format <format>' argument 'pdf' is invalid. Allowed choices are json, csv, xlsx, html.") });
    expect(format.stderr).toContain('说明：命令用法有误：选项“--format”的值“pdf”无效');
    const resolution = await cli(['task', 'resolve', '--data', '/nonexistent', '--task', 'E1#t', '--by', 'x', '--resolution', 'forgotten']);
    expect(resolution).toMatchObject({ code: 2, stderr: expect.stringContaining('Allowed choices are hospitalised, moved, refused, deceased, other.') });
  });

  it('refuses an argument a subcommand does not take (exit 2)', async () => {
    const r = await cli(['ledger', 'check', 'extra', '--data', '/nonexistent']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('too many arguments') });
    expect(r.stderr).toContain('说明：命令用法有误：参数过多');
  });
});
