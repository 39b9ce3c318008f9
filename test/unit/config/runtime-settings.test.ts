import { describe, expect, it } from 'vitest';
import { loadRegion } from '../../../shared/config/load';
import { mergeSettings, SETTING_KEYS } from '../../../shared/config/runtime-settings';

const sichuan = loadRegion('sichuan');
const days2027 = [
  { date: '2027-02-06', kind: 'statutory_holiday', name: '春节' },
  { date: '2027-02-14', kind: 'adjusted_workday', name: '春节' },
];

describe('Runtime settings merged over the region config', () => {
  it('uses the stored SMS budget, quiet hours and escalation delays instead of the config values', () => {
    const merged = mergeSettings(sichuan, JSON.stringify({ 'sms.monthlyBudgetSegments': 12000, 'sms.quietHours': { start: '21:30', end: '07:30' }, 'escalation.acknowledgeHours': 48 }));
    expect(merged.refused).toEqual([]);
    expect(merged.runtime.config.sms.monthlyBudgetSegments).toBe(12000);
    expect(merged.runtime.config.sms.quietHours).toEqual({ start: '21:30', end: '07:30' });
    expect(merged.runtime.config.escalation.acknowledgeHours).toBe(48);
    // Everything else stays the config's, and the policy is not a setting.
    expect(merged.runtime.config.sms.signature).toBe(sichuan.config.sms.signature);
    expect(merged.runtime.policy).toBe(sichuan.policy);
  });

  it("adds a newly published year's statutory days to the config's, a date given in the settings winning", () => {
    const base = {
      ...sichuan,
      config: {
        ...sichuan.config,
        calendar: {
          statutoryDays: [
            { date: '2027-02-06', kind: 'adjusted_workday' as const, name: '旧' },
            { date: '2027-01-01', kind: 'statutory_holiday' as const, name: '元旦' },
          ],
        },
      },
    };
    const merged = mergeSettings(base, JSON.stringify({ 'calendar.statutoryDays': days2027 }));
    expect(merged.runtime.config.calendar.statutoryDays).toEqual([{ date: '2027-01-01', kind: 'statutory_holiday', name: '元旦' }, ...days2027]);
  });

  it("keeps the config's value for a stored value that breaks its field's rule, and still applies the good ones", () => {
    const merged = mergeSettings(sichuan, JSON.stringify({ 'sms.quietHours': { start: '25:00', end: '08:00' }, 'sms.monthlyBudgetSegments': 500 }));
    expect(merged.runtime.config.sms.quietHours).toEqual(sichuan.config.sms.quietHours);
    expect(merged.runtime.config.sms.monthlyBudgetSegments).toBe(500);
    expect(merged.refused).toEqual([expect.objectContaining({ field: 'sms.quietHours.start', rule: 'must be a 24-hour time HH:MM' })]);
  });

  it('refuses a ladder for a tier the policy does not have, as the region config would at synth', () => {
    const merged = mergeSettings(sichuan, JSON.stringify({ 'escalation.ladders': { default: [{ role: 'liaison', afterDueHours: 1 }], nosuch: [{ role: 'liaison', afterDueHours: 1 }] } }));
    expect(merged.runtime.config.escalation.ladders).toEqual(sichuan.config.escalation.ladders);
    expect(merged.refused).toEqual([expect.objectContaining({ field: 'escalation.ladders.nosuch', rule: expect.stringMatching(/has no tier "nosuch"/) })]);
  });

  it('refuses a ladder whose levels do not climb later', () => {
    const merged = mergeSettings(
      sichuan,
      JSON.stringify({
        'escalation.ladders': {
          default: [
            { role: 'liaison', afterDueHours: 24 },
            { role: 'instructor', afterDueHours: 12 },
          ],
        },
      }),
    );
    expect(merged.refused).toEqual([expect.objectContaining({ field: 'escalation.ladders.default.1.afterDueHours' })]);
  });

  it('runs on the config alone when the stored document is not JSON, not an object, or empty', () => {
    for (const text of ['{"sms.monthlyBudgetSegments": 1', '[1,2]', 'null', '"x"']) {
      const merged = mergeSettings(sichuan, text);
      expect(merged.runtime).toBe(sichuan);
      expect(merged.refused).toHaveLength(1);
      expect(merged.refused[0]!.field).toBe('(settings)');
    }
    expect(mergeSettings(sichuan, undefined)).toEqual({ runtime: sichuan, applied: {}, refused: [] });
    expect(mergeSettings(sichuan, '  ')).toEqual({ runtime: sichuan, applied: {}, refused: [] });
  });

  it('refuses keys that are not settings: policy fields, the signature, prototype keys', () => {
    const merged = mergeSettings(sichuan, '{"__proto__":{"polluted":true},"sms.signature":"【假冒】","policy":"national","constructor":1}');
    expect(merged.refused.map((i) => i.field)).toEqual(['__proto__', 'sms.signature', 'policy', 'constructor']);
    expect(merged.runtime).toEqual(sichuan);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a holiday name carrying a bidi override or a control character', () => {
    const merged = mergeSettings(sichuan, JSON.stringify({ 'calendar.statutoryDays': [{ date: '2027-02-06', kind: 'statutory_holiday', name: '春\u202e节' }] }));
    expect(merged.refused).toHaveLength(1);
    expect(merged.refused[0]!.field).toMatch(/^calendar\.statutoryDays\.0\.name/);
    expect(merged.runtime.config.calendar.statutoryDays).toEqual(sichuan.config.calendar.statutoryDays);
  });

  it('refuses per-phone limits above the providers’ caps and unknown kinds', () => {
    const merged = mergeSettings(sichuan, JSON.stringify({ 'sms.perPhone': { perDay: 500, perKind: {}, identicalSeconds: 30 } }));
    expect(merged.refused[0]).toMatchObject({ field: 'sms.perPhone.perDay' });
    expect(mergeSettings(sichuan, JSON.stringify({ 'sms.perPhone': { perKind: { nosuch: 1 } } })).refused).toHaveLength(1);
  });

  it('names the settings an office may change, and none of the policy', () => {
    expect(SETTING_KEYS).toEqual(['calendar.statutoryDays', 'sms.monthlyBudgetSegments', 'sms.quietHours', 'sms.perPhone', 'escalation.ladders', 'escalation.acknowledgeHours', 'escalation.followUpHours']);
  });
});
