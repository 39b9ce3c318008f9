import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/policy/classify';
import type { Classification } from '../../../../shared/domain/policy/classify';
import { respectHomeRefusal } from '../../../../shared/domain/special/home-refusal';
import { effectFor } from '../../../../shared/domain/special/plan';
import type { Occasion } from '../../../../shared/domain/special/occasion';
import { loadPolicy } from '../../../../shared/policies/load';
import { profile } from '../../../helpers/elders';

const asOf = '2026-11-23';
const refusal = { by: 'carer' as const, carerName: '李明', on: '2026-09-01', reason: '担心打扰老人休息' };
const eligible = (c: Classification) => {
  if (!c.eligible) throw new Error(c.reasons.join('; '));
  return c;
};

// 济民字〔2023〕29号 四(一)2: 入户探访要征得老年人或其赡养人同意.
describe('An elder whose carer refused home visits', () => {
  it.each(['sichuan', 'shishi'])('gets %s key visits a call or an outdoor meeting completes, never a home-only task', (region) => {
    const c = eligible(classify(profile({ categories: ['solitary_childless'], homeVisitRefusal: refusal }), loadPolicy(region), asOf));
    expect(c.tier).toBe('key');
    expect(c.cadence).toMatchObject({ period: 'half_month', visits: 1, homeRequired: false, methods: ['phone', 'video', 'on_the_way', 'other'] });
    expect(c.cadence.homeRefusal).toEqual({ ...refusal, asked: { homeRequired: true, methods: ['home'] } });
    expect(c.reasons.at(-1)).toBe('home visits refused (入户探访未获同意): 赡养人李明于2026-09-01不同意入户（担心打扰老人休息）; counted by 电话/互联网音视频/路遇/其他');
  });

  it('gets Jining key visits without home, even though the tier asks for home visits only', () => {
    const c = eligible(classify(profile({ age: 85, categories: ['empty_nest'], homeVisitRefusal: refusal }), loadPolicy('jining'), asOf));
    expect(c.cadence).toMatchObject({ period: 'month', visits: 2, homeRequired: false, methods: ['phone', 'video', 'on_the_way', 'other'] });
  });

  it('keeps the methods the tier already counts (Shanghai: remote monitoring too)', () => {
    const c = eligible(classify(profile({ categories: ['empty_nest'], homeVisitRefusal: { by: 'elder', on: '2026-09-01', reason: '不愿外人进家' } }), loadPolicy('shanghai'), asOf));
    expect(c.cadence.methods).toEqual(['phone', 'video', 'remote_monitoring', 'other', 'on_the_way']);
    expect(c.reasons.at(-1)).toContain('本人于2026-09-01不同意入户（不愿外人进家）');
  });

  it('is not refused anything without a refusal: the cadence carries no refusal', () => {
    expect(eligible(classify(profile({ categories: ['solitary_childless'] }), loadPolicy('sichuan'), asOf)).cadence.homeRefusal).toBeUndefined();
  });
});

describe('A festival rule that asks for a home visit', () => {
  const sichuan = loadPolicy('sichuan');
  const festival: Occasion = { kind: 'festival', occasionId: 'festival:chongyang:2026', festival: 'chongyang', name: '重阳节', day: '2026-10-18', status: 'active' };
  const effect = effectFor(festival, 'general', sichuan.specialPeriods, '2026-10-14T06:00:00+08:00')!;

  it('asks a home visit of an elder who consents (Sichuan: 节前3天至节日当天上门)', () => {
    expect(effect.tasks[0]).toMatchObject({ homeRequired: true, methods: ['home'] });
    expect(respectHomeRefusal(effect, {}, sichuan.homeVisitConsent)).toBe(effect);
  });

  it('asks a call or an outdoor meeting of an elder who refused home visits, carrying the refusal', () => {
    const refused = respectHomeRefusal(effect, { homeRefusal: { ...refusal, asked: { homeRequired: true, methods: ['home'] } } }, sichuan.homeVisitConsent)!;
    expect(refused.tasks[0]).toMatchObject({ homeRequired: false, methods: ['phone', 'video', 'on_the_way', 'other'], homeRefusal: { ...refusal, asked: { homeRequired: true, methods: ['home'] } } });
    expect(refused.tasks[0]!.taskId).toBe(effect.tasks[0]!.taskId);
  });
});
