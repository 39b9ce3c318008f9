import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';

describe('CLI: tanfang policy', () => {
  it('classifies JSON Lines, reporting a bad line by number, field and rule while classifying the rest', async () => {
    const input = [
      '{"id":"e1","birthDate":"1946-11-23","categories":["living_alone"]}',
      '{"id":"e2","birthDate":"1946-11-23","categories":["lonely"]}',
      '{"id":"e3","birthDate":"1960-01-01","categories":["empty_nest"],"abilityLevel":"mild"}',
      'not json',
    ].join('\n');
    const r = await cli(['policy', 'classify', '--region', 'sichuan', '--as-of', '2026-11-23'], input);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.tier])).toEqual([
      ['e1', 'key'],
      ['e3', 'general'],
    ]);
    expect(lines[0]).toEqual({
      id: 'e1',
      tier: 'key',
      cadence: { period: 'half_month', visits: 1, homeRequired: true },
      reasons: [expect.stringContaining('高龄独居'), 'age 80 on 2026-11-23; categories 独居'],
    });
    expect(r.stderr).toContain('line 2: categories.0:');
    expect(r.stderr).toContain('line 4: (line): not valid JSON');
  });

  it('prints an elder’s windows, switching to the key cadence the period after the 80th birthday', async () => {
    const r = await cli(['policy', 'windows', '--region', 'sichuan', '--from', '2026-11-01', '--to', '2026-12-31'], '{"id":"e1","birthDate":"1946-11-10","categories":["living_alone"]}\n');
    expect(r.code).toBe(0);
    const windows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(windows.map((w) => [w.key, w.tier, w.dueAt])).toEqual([
      ['e1#2026-11#1', 'general', '2026-11-30T23:59:59+08:00'],
      ['e1#2026-12-H1#1', 'key', '2026-12-15T23:59:59+08:00'],
      ['e1#2026-12-H2#1', 'key', '2026-12-31T23:59:59+08:00'],
    ]);
  });

  it('shows a policy in words', async () => {
    const r = await cli(['policy', 'show', '--region', 'jining']);
    expect(r.stdout).toContain('重点人群 key [key]: at least 2 visits per month 每月; home visits (上门入户) only');
    expect(r.stdout).toContain('4. 未评估但长期卧床（按重度失能归类）');
  });

  it('explains bad usage with exit code 2', async () => {
    expect(await cli(['policy', 'classify', '--region', 'sichuan'])).toMatchObject({ code: 2, stderr: expect.stringContaining("required option '--as-of <YYYY-MM-DD>' not specified") });
    expect(await cli(['policy', 'show'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--region is required') });
    expect(await cli(['policy', 'classify', '--region', 'sichuan', '--as-of', '2026-02-30'])).toMatchObject({ code: 2, stderr: expect.stringContaining('calendar date') });
    expect(await cli(['policy', 'show', '--region', 'atlantis'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown region "atlantis"') });
    expect(await cli(['nope'])).toMatchObject({ code: 2 });
  });
});
