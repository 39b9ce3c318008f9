import { describe, expect, it } from 'vitest';
import { ancestors, areaCodeProblem, areaLevel, isWithin, parentArea } from '../../../../shared/domain/elder/area-code';
import { normalisePhone } from '../../../../shared/domain/elder/phone';

describe('Phone numbers', () => {
  it.each([
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['+86 138-1234-5678', '+8613812345678'],
    ['028-86123456', '+862886123456'],
    ['(021) 6321 2345', '+862163212345'],
  ])('normalises %s to %s', (input, e164) => {
    expect(normalisePhone(input)).toEqual({ ok: true, value: e164 });
  });

  it.each(['1381234567', '12345', '23812345678', 'not a phone'])('rejects %s', (input) => {
    expect(normalisePhone(input).ok).toBe(false);
  });

  it('rejects a foreign number, naming the country code', () => {
    expect(normalisePhone('+1 415 555 2671')).toEqual({ ok: false, message: 'only mainland China (+86) numbers are accepted, got +1' });
  });

  it('does not repeat the whole number in its error', () => {
    const r = normalisePhone('1381234567');
    expect(r.ok ? '' : r.message).not.toContain('1381234567');
  });
});

describe('Area codes (GB/T 2260)', () => {
  it.each([
    ['510000', 'province'],
    ['510100', 'city'],
    ['510108', 'county'],
    ['510108001', 'township'],
    ['510108001002', 'village'],
  ])('reads %s as a %s', (code, level) => {
    expect(areaCodeProblem(code)).toBeUndefined();
    expect(areaLevel(code)).toBe(level);
  });

  it.each([
    ['5101080', 'must be 6 (county), 9 (township) or 12 (village/community) digits (GB/T 2260)'],
    ['51010800a', 'must contain digits only'],
    ['991000', 'starts with 99, which is not a GB/T 2260 province code'],
    ['510108000', 'the township part (digits 7–9) must not be 000'],
    ['510108001000', 'the village part (digits 10–12) must not be 000'],
  ])('rejects %s: %s', (code, problem) => {
    expect(areaCodeProblem(code)).toBe(problem);
  });

  it('walks up from a village to its province', () => {
    expect(ancestors('510108001002')).toEqual(['510108001', '510108', '510100', '510000']);
    expect(parentArea('510000')).toBeUndefined();
    expect(isWithin('510108001002', '510108')).toBe(true);
    expect(isWithin('510108001002', '510107')).toBe(false);
  });
});
