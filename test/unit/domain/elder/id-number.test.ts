import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseResidentId, residentIdCheckChar, residentIdSchema } from '../../../../shared/domain/elder/id-number';

const withCheck = (body: string) => `${body}${residentIdCheckChar(body)}`;

describe('Resident ID (公民身份号码)', () => {
  it('accepts the standard example 11010519491231002X and reads birth date and sex', () => {
    expect(parseResidentId('11010519491231002X')).toEqual({
      ok: true,
      value: { id: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', areaCode: '110105' },
    });
  });

  it('normalises a lower-case x', () => {
    expect(residentIdSchema.parse('11010519491231002x')).toBe('11010519491231002X');
  });

  it('rejects an ID whose check digit does not match, saying which one it should be', () => {
    expect(parseResidentId('110105194912310021')).toEqual({
      ok: false,
      rule: 'check digit',
      message: 'check digit should be X for this ID number (ISO 7064 MOD 11-2), got 1',
    });
  });

  it.each([
    ['11010519491231002', 'length'],
    ['1101051949123100211', 'length'],
    ['11010519491231A02X', 'digits'],
    ['110105194913310021', 'birth date'],
    ['110105188001010021', 'birth date'],
  ])('rejects %s for its %s', (id, rule) => {
    expect(parseResidentId(id)).toMatchObject({ ok: false, rule });
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseResidentId(withCheck('51010819480229001')).ok).toBe(true);
    expect(parseResidentId(withCheck('51010819470229001'))).toMatchObject({ ok: false, rule: 'birth date' });
    expect(parseResidentId(withCheck('51010819000229001'))).toMatchObject({ ok: false, rule: 'birth date' });
  });

  it('reads an odd 17th digit as male', () => {
    expect(parseResidentId(withCheck('51010819460101001'))).toMatchObject({ ok: true, value: { sex: 'male' } });
  });

  const body = fc
    .tuple(fc.integer({ min: 1900, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 999 }))
    .map(([y, m, d, seq]) => `510108${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`);

  prop.prop([body])('accepts any body with its computed check character', (b) => {
    expect(parseResidentId(withCheck(b)).ok).toBe(true);
  });

  prop.prop([body, fc.constantFrom(...'0123456789X')])('rejects any other check character', (b, c) => {
    fc.pre(c !== residentIdCheckChar(b));
    expect(parseResidentId(`${b}${c}`)).toMatchObject({ ok: false, rule: 'check digit' });
  });
});
