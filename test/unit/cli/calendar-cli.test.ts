import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';

describe('CLI: tanfang calendar', () => {
  it('prints festivals, statutory holidays and adjusted working days as JSON Lines', async () => {
    const out = await cli(['calendar', '--region', 'shanghai', '--from', '2026-09-20', '--to', '2026-10-18']);
    expect(out.code).toBe(0);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { date: string; kind: string; name: string });
    expect(lines[0]).toEqual({ date: '2026-09-20', kind: 'adjusted_workday', name: '国庆节' });
    expect(lines).toContainEqual({ date: '2026-09-25', kind: 'festival', name: '中秋节' });
    expect(lines).toContainEqual({ date: '2026-09-25', kind: 'statutory_holiday', name: '中秋节' });
    expect(lines.at(-1)).toEqual({ date: '2026-10-18', kind: 'festival', name: '重阳节' });
    expect(out.stderr).toBe('');
  });

  it('warns on stderr for a year without published statutory data, and still lists its festivals', async () => {
    const out = await cli(['calendar', '--region', 'sichuan', '--from', '2027-01-01', '--to', '2027-02-28']);
    expect(out.code).toBe(0);
    expect(
      out.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { name: string }).name),
    ).toEqual(['除夕', '春节', '元宵节']);
    expect(out.stderr).toMatch(/^warning: no statutory holiday data for 2027/);
  });

  it('refuses a bad date or a reversed range with exit code 2', async () => {
    expect(await cli(['calendar', '--region', 'sichuan', '--from', '2026-02-30', '--to', '2026-03-01'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--from must be a calendar date/) });
    expect(await cli(['calendar', '--region', 'sichuan', '--from', '2026-03-01', '--to', '2026-02-01'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/to: 2026-02-01 is before from/) });
  });
});
