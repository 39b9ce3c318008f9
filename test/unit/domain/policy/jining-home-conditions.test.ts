import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/policy/classify';
import type { Classification } from '../../../../shared/domain/policy/classify';
import { loadPolicy } from '../../../../shared/policies/load';
import { profile } from '../../../helpers/elders';

const asOf = '2026-11-23';
const jining = loadPolicy('jining');
const general = (over: Parameters<typeof profile>[0]) => {
  const c: Classification = classify(profile({ age: 70, categories: ['empty_nest'], abilityLevel: 'intact', ...over }), jining, asOf);
  if (!c.eligible) throw new Error(c.reasons.join('; '));
  expect(c.tier).toBe('general');
  return c;
};

// 济民字〔2023〕29号 四(一)2: 入户探访适用于健康状况欠佳…以及生活存在困难或受家庭变故、突发自然灾害、事故灾害、公共卫生事件等影响的老年人.
describe('Policy: Jining home-visit conditions for the general tier', () => {
  it('lets a healthy, self-caring general elder be visited by phone, online or met on the way', () => {
    const c = general({});
    expect(c.cadence).toEqual({ period: 'month', visits: 1, homeRequired: false, methods: ['home', 'phone', 'video', 'on_the_way'] });
  });

  it('requires a home visit for an elder in poor health (健康状况欠佳), with the reason', () => {
    const c = general({ circumstances: [{ kind: 'poor_health' }] });
    expect(c.cadence).toMatchObject({ homeRequired: true, methods: ['home'] });
    expect(c.reasons).toContainEqual(expect.stringContaining('home visit required: 入户探访适用于健康状况欠佳的老年人'));
  });

  it.each(['extreme_poverty', 'subsistence', 'near_subsistence'] as const)('requires a home visit for an elder in hardship (经济状况 %s)', (economicStatus) => {
    expect(general({ economicStatus }).cadence.homeRequired).toBe(true);
  });

  it('requires a home visit for an elder registered as 经济困难 though not on 低保, and not for economic status 一般', () => {
    expect(general({ economicStatus: 'none', circumstances: [{ kind: 'hardship' }] }).cadence.homeRequired).toBe(true);
    expect(general({ economicStatus: 'none' }).cadence.homeRequired).toBe(false);
  });

  it.each(['family_change', 'disaster', 'public_health_event'] as const)('requires home visits for 180 days after a %s, then no longer', (kind) => {
    expect(general({ circumstances: [{ kind, since: '2026-11-23' }] }).cadence.homeRequired).toBe(true);
    expect(general({ circumstances: [{ kind, since: '2026-05-28' }] }).cadence.homeRequired).toBe(true);
    expect(general({ circumstances: [{ kind, since: '2026-05-27' }] }).cadence.homeRequired).toBe(false);
  });

  it('does not count an event dated after the day classified', () => {
    expect(general({ circumstances: [{ kind: 'disaster', since: '2026-11-24' }] }).cadence.homeRequired).toBe(false);
  });

  it('names every condition that holds', () => {
    const c = general({ economicStatus: 'subsistence', circumstances: [{ kind: 'family_change', since: '2026-10-01' }, { kind: 'poor_health' }] });
    expect(c.reasons.filter((r) => r.startsWith('home visit required'))).toHaveLength(3);
  });

  it('leaves Sichuan alone: every Sichuan visit is at home already', () => {
    const c = classify(profile({ categories: ['empty_nest'], circumstances: [{ kind: 'poor_health' }] }), loadPolicy('sichuan'), asOf);
    expect(c.eligible && c.reasons.some((r) => r.startsWith('home visit required'))).toBe(false);
  });
});
