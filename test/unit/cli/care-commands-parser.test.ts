import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';

/**
 * The care commands on commander's own options: each leaf's `--help` names its options and shows
 * an example, a mistyped subcommand is answered with the one meant, and a missing required option
 * or an invalid choice is refused (exit 2) naming it, in English and in the 说明 line, before any
 * database is opened (the folders below do not exist).
 */
const LEAVES: { command: string[]; options: string[]; typo?: [string, string] }[] = [
  { command: ['needs', 'list'], options: ['--elder <id>', '--area <code>', '--all', '--as <personId>', '--stack <Tanfang-name>'], typo: ['lst', 'list'] },
  { command: ['needs', 'add'], options: ['--need <visitId.needId>', '--description <text>', '--state <state>', '(choices: "planned"', '--by <personId>'] },
  { command: ['needs', 'move'], options: ['--measure <m1>', '--to <state>', '"followed_up"'], typo: ['mvoe', 'move'] },
  { command: ['visit', 'record'], options: ['--data <dir>', '--stack <Tanfang-name>', '--profile <profile>', '--at <time>', '--region <name>'], typo: ['recrod', 'record'] },
  { command: ['leave', 'record'], options: ['--visitor <personId>', '--from <YYYY-MM-DD>', '--to <YYYY-MM-DD>', '--cover <personId>', '--reason <text>', '--by <personId>'], typo: ['recod', 'record'] },
  { command: ['leave', 'list'], options: ['--visitor <personId>', '--stack <Tanfang-name>'], typo: ['lsit', 'list'] },
  { command: ['event', 'declare'], options: ['--id <eventId>', '--type <type>', '"epidemic_lockdown"', '--areas <code,code…>', '--suspend-home-visits', '--order <文号>'], typo: ['declar', 'declare'] },
  { command: ['event', 'cancel'], options: ['--id <eventId>', '--by <personId>'], typo: ['cancle', 'cancel'] },
  { command: ['device', 'register'], options: ['--device <id>', '--platform <id>', '--kinds <kind,kind…>', '--label <text>', '--stack <Tanfang-name>'], typo: ['regster', 'register'] },
  { command: ['device', 'retire'], options: ['--device <id>', '--reason <text>', '--by <personId>'], typo: ['retir', 'retire'] },
  { command: ['device', 'list'], options: ['--elder <id>', '--as <personId>'] },
  { command: ['device', 'alarm'], options: ['--platform <id>', '--data <dir>'], typo: ['alram', 'alarm'] },
  { command: ['device', 'sign'], options: ['--data <dir>', '--platform <id>', '--at <time>'], typo: ['sing', 'sign'] },
  { command: ['spotcheck', 'draw'], options: ['--township <code>', '--month <YYYY-MM>', '--by <personId>', '--seed <text>', '--stack <Tanfang-name>'], typo: ['drwa', 'draw'] },
  { command: ['spotcheck', 'record'], options: ['--visit <id>', '--result <result>', '"not_visited"', '--reached <whom>', '--note <text>'], typo: ['recrod', 'record'] },
  { command: ['policy', 'classify'], options: ['--region <name>', '--stack <Tanfang-name>', '--as-of <YYYY-MM-DD>'], typo: ['clasify', 'classify'] },
  { command: ['policy', 'windows'], options: ['--from <YYYY-MM-DD>', '--to <YYYY-MM-DD>'], typo: ['window', 'windows'] },
  { command: ['policy', 'show'], options: ['--region <name>', '--stack <Tanfang-name>'], typo: ['sho', 'show'] },
  { command: ['event', 'show'], options: ['--id <eventId>', '--stack <Tanfang-name>'], typo: ['shwo', 'show'] },
];

/** A command line missing one required option, and the option commander must name. */
const MISSING: { args: string[]; option: string }[] = [
  { args: ['needs', 'add', '--data', '/nonexistent', '--region', 'sichuan', '--elder', 'E000001', '--need', 'v.n1', '--description', '洗澡', '--by', 'vis-1'], option: '--state <state>' },
  { args: ['needs', 'move', '--data', '/nonexistent', '--region', 'sichuan', '--elder', 'E000001', '--need', 'v.n1', '--to', 'done', '--by', 'vis-1'], option: '--measure <m1>' },
  { args: ['leave', 'record', '--data', '/nonexistent', '--region', 'sichuan', '--visitor', 'vis-1', '--from', '2026-11-10'], option: '--to <YYYY-MM-DD>' },
  { args: ['leave', 'list', '--stack', 'Tanfang-sichuan'], option: '--visitor <personId>' },
  { args: ['event', 'declare', '--data', '/nonexistent', '--region', 'sichuan', '--id', 'ch-1', '--type', 'disaster', '--title', '洪水', '--from', '2026-11-10', '--to', '2026-11-12'], option: '--areas <code,code…>' },
  { args: ['event', 'cancel', '--data', '/nonexistent', '--region', 'sichuan'], option: '--id <eventId>' },
  { args: ['device', 'register', '--data', '/nonexistent', '--region', 'sichuan', '--elder', 'E1', '--device', 'd', '--platform', 'p', '--by', 'lia-1'], option: '--kinds <kind,kind…>' },
  { args: ['device', 'sign', '--platform', 'chenghua-care'], option: '--data <dir>' },
  { args: ['spotcheck', 'draw', '--data', '/nonexistent', '--region', 'sichuan', '--township', '510108001', '--month', '2026-11'], option: '--by <personId>' },
  { args: ['spotcheck', 'record', '--data', '/nonexistent', '--region', 'sichuan', '--township', '510108001', '--month', '2026-11', '--elder', 'E1', '--visit', 'v', '--by', 'ins-1'], option: '--result <result>' },
  { args: ['policy', 'windows', '--region', 'sichuan', '--from', '2026-11-01'], option: '--to <YYYY-MM-DD>' },
  { args: ['calendar', '--region', 'sichuan', '--to', '2026-11-01'], option: '--from <YYYY-MM-DD>' },
  { args: ['archive', '--data', '/nonexistent', '--region', 'sichuan', '--elder', 'E1', '--out', 'a.pdf'], option: '--purpose <why>' },
];

describe('the care commands on commander’s options', () => {
  it.each(LEAVES)('lists the options of $command with their descriptions and an example', async ({ command, options }) => {
    const r = await cli([...command, '--help']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`Usage: tanfang ${command.join(' ')} [options]`);
    for (const option of options) expect(r.stdout).toContain(option);
    expect(r.stdout).toMatch(new RegExp(`Examples:\\n {2}\\$ tanfang ${command[0]} `));
  });

  it.each(LEAVES.filter((l) => l.typo))('suggests $typo.1 for the mistyped $typo.0 (exit 2, with its 说明)', async ({ command, typo }) => {
    const r = await cli([command[0]!, typo![0], '--region', 'sichuan']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`(Did you mean ${typo![1]}?)`);
    expect(r.stderr).toContain(`说明：没有“${typo![0]}”这个命令`);
  });

  it.each(MISSING)('refuses $args.0 $args.1 without $option (exit 2), naming it', async ({ args, option }) => {
    const r = await cli(args);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`error: required option '${option}' not specified`);
    expect(r.stderr).toMatch(new RegExp(`说明：命令用法有误.*${option.split(' ')[0]}`));
  });

  it('refuses a choice that is not one, naming the allowed ones (exit 2)', async () => {
    const r = await cli(['needs', 'move', '--data', '/nonexistent', '--region', 'sichuan', '--elder', 'E1', '--need', 'v.n1', '--measure', 'm1', '--to', '__proto__', '--by', 'vis-1']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining("option '--to <state>' argument '__proto__' is invalid. Allowed choices are planned, in_progress, done, referred, followed_up") });
    expect(r.stderr).toContain('说明：命令用法有误');
  });

  it('refuses an event type that is not one before anything is declared (exit 2)', async () => {
    const r = await cli(['event', 'declare', '--data', '/nonexistent', '--region', 'sichuan', '--id', 'ch-1', '--type', 'flood', '--title', '洪水', '--areas', '510108001001', '--from', '2026-11-10', '--to', '2026-11-12']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('Allowed choices are epidemic_lockdown, public_health, disaster') });
  });

  it('refuses a visit form that is not JSON (exit 2), and options the command does not take', async () => {
    expect(await cli(['visit', 'record', '--data', '/nonexistent', '--region', 'sichuan'], '{"visitId": ')).toMatchObject({ code: 2, stderr: expect.stringContaining('stdin must hold one visit form as JSON') });
    expect(await cli(['leave', 'list', '--data', '/nonexistent', '--visitor', 'v', '--region', 'sichuan'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--region'") });
    expect(await cli(['visit', 'record', 'extra.json', '--region', 'sichuan'])).toMatchObject({ code: 2, stderr: expect.stringContaining('too many arguments') });
  });

  it('lists the archive’s options, and refuses it without any (exit 2)', async () => {
    const help = await cli(['archive', '--help']);
    for (const option of ['--elder <id>', '--purpose <why>', '--out <file>', '--by <personId>', '--quiet', '--stack <Tanfang-name>']) expect(help.stdout).toContain(option);
    expect(help.stdout).toMatch(/Examples:\n {2}\$ tanfang archive /);
    expect(await cli(['archive'])).toMatchObject({ code: 2, stderr: expect.stringContaining("required option '--elder <id>' not specified") });
  });

  it('takes unsigned alarms only on a local database: --stack is refused before anything is read (exit 2)', async () => {
    const r = await cli(['device', 'alarm', '--stack', 'Tanfang-sichuan', '--platform', 'chenghua-care'], '{"deviceId":"d"}');
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('device alarm is for local databases') });
    expect(await cli(['device', 'sign', '--stack', 'Tanfang-sichuan', '--data', '/tmp', '--platform', 'p'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--stack'") });
    expect(await cli(['device', 'sign', '--data', '/nonexistent', '--platform', 'p', '--at', 'yesterday'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--at must be an ISO 8601 time') });
  });

  it('refuses a spot-check result or a person reached that is not one (exit 2)', async () => {
    const base = ['spotcheck', 'record', '--data', '/nonexistent', '--region', 'sichuan', '--township', '510108001', '--month', '2026-11', '--elder', 'E1', '--visit', 'v', '--by', 'ins-1'];
    expect(await cli([...base, '--result', 'maybe'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Allowed choices are confirmed, not_visited, unreachable') });
    expect(await cli([...base, '--result', 'confirmed', '--reached', 'neighbour'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Allowed choices are elder, family') });
  });

  it('reads the region config a stack name gives, without asking AWS, and refuses another --region beside it', async () => {
    const show = await cli(['policy', 'show', '--stack', 'Tanfang-jining']);
    expect(show).toMatchObject({ code: 0, stdout: (await cli(['policy', 'show', '--region', 'jining'])).stdout });
    const days = await cli(['calendar', '--stack', 'Tanfang-shanghai', '--from', '2026-10-01', '--to', '2026-10-01']);
    expect(days).toMatchObject({ code: 0, stdout: (await cli(['calendar', '--region', 'shanghai', '--from', '2026-10-01', '--to', '2026-10-01'])).stdout });
    expect(await cli(['calendar', '--stack', 'Tanfang-shanghai', '--region', 'sichuan', '--from', '2026-10-01', '--to', '2026-10-01'])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not the region of --stack') });
    expect(await cli(['policy', 'show', '--stack', 'Tanfang-../../etc'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--stack must be Tanfang-<region config>') });
    expect(await cli(['calendar', '--data', '.tanfang/db', '--region', 'sichuan', '--from', '2026-10-01', '--to', '2026-10-01'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--data'") });
  });

  it('lists the calendar’s options with an example', async () => {
    const r = await cli(['calendar', '-h']);
    for (const option of ['--region <name>', '--stack <Tanfang-name>', '--from <YYYY-MM-DD>', '--to <YYYY-MM-DD>']) expect(r.stdout).toContain(option);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ tanfang calendar /);
  });

  it('names what a subcommand lacks when given none (exit 2), with its subcommands', async () => {
    const r = await cli(['needs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Commands:\n {2}list \[options\]/);
  });
});
