import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';

describe('policy show: the care loop in words', () => {
  it('says how needs close, who follows up, how a follow-up escalates above its owner, and how device alarms are taken', async () => {
    const { code, stdout } = await cli(['policy', 'show', '--region', 'sichuan']);
    expect(code).toBe(0);
    expect(stdout).toContain('planned → in progress → done, or referred (转介) → followed up (跟踪回访) by the township');
    expect(stdout).toContain('An overdue follow-up escalates above its owner: supervisor (督导员) at its deadline, then bureau (民政局) +48 h, again every 24 h.');
    expect(stdout).toContain('Platforms: chenghua-care (成华区智慧养老服务平台, area 510108).');
    expect(stdout).toContain('within 30 minutes of each other are one incident');
  });

  it('says a region without a device platform refuses every alarm', async () => {
    expect((await cli(['policy', 'show', '--region', 'jining'])).stdout).toContain('no device platform is configured: the alarm endpoint refuses every request');
  });
});
