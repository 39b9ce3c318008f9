import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';

describe('tanfang retention on a local database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanfang-retention-'));

  it('archives the months the schedule would at --at, or the months named', async () => {
    const scheduled = await cli(['retention', 'archive', '--data', dir, '--region', 'sichuan', '--at', '2028-12-02T02:30:00+08:00']);
    expect(scheduled.code).toBe(0);
    // sichuan keeps closed tasks 25 months: December 2028 archives November 2026 (its last pass) and December 2026.
    expect(JSON.parse(scheduled.stdout)).toMatchObject({ months: ['2026-11', '2026-12'], counties: 1, tasks: 0 });
    const named = await cli(['retention', 'archive', '--data', dir, '--region', 'sichuan', '--months', '2026-10,2026-11']);
    expect(JSON.parse(named.stdout)).toMatchObject({ months: ['2026-10', '2026-11'] });
  });

  it('sweeps what TTL would at --at', async () => {
    const out = await cli(['retention', 'sweep', '--data', dir, '--at', '2028-01-01T00:00:00+08:00']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ at: '2028-01-01T00:00:00+08:00', deleted: {} });
  });

  it('refuses an unknown region with exit 1, naming the known ones', async () => {
    const out = await cli(['retention', 'archive', '--data', dir, '--region', 'atlantis']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/unknown region "atlantis"; known: .*sichuan/);
  });

  it.each([
    [['retention', 'archive', '--data', dir, '--region', 'sichuan', '--months', '2026-13'], /--months must be YYYY-MM/],
    [['retention', 'archive', '--data', dir, '--region', 'sichuan', '--months', '2026-11,../../etc'], /--months must be YYYY-MM/],
    [['retention', 'archive', '--data', dir], /--region/],
    [['retention', 'sweep'], /required option '--data <dir>' not specified\n说明：命令用法有误：缺少必填选项“--data”/],
    [['retention', 'sweep', '--data', join(dir, 'missing')], /does not exist/],
    [['retention', 'drop', '--data', dir], /unknown command 'drop'/],
    [['retention', 'sweep', '--data', dir, '--at', 'yesterday'], /--at must be an ISO 8601 time/],
  ])("refuses %j with the reason (usage errors exit 2, as every command's do)", async (args, reason) => {
    const out = await cli(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(reason);
  });
});
