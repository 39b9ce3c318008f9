import { describe, expect, it } from 'vitest';
import { cleanInput, MAX_INPUT_DEPTH } from '../../../../shared/domain/input/clean';
import { elderIdSchema } from '../../../../shared/domain/elder/profile';
import { parseOrThrow, ValidationError } from '../../../../shared/domain/validation';
import { z } from 'zod';

const issues = (value: unknown) => cleanInput(value).issues;

describe('input hygiene, before any schema', () => {
  it('normalises text to NFC, so a name typed decomposed equals the one typed composed', () => {
    const decomposed = 'Zhe\u0301ng'; // e + combining acute
    expect(cleanInput({ name: decomposed })).toEqual({ value: { name: 'Zh\u00e9ng' }, issues: [] });
  });

  it('refuses NUL, other control characters and DEL, naming the field and the code point', () => {
    expect(issues({ name: '张\u0000华' })).toMatchObject([{ field: 'name', rule: 'contains the control character U+0000: remove it' }]);
    expect(issues({ a: { b: ['ok', 'x\u001by'] } })).toMatchObject([{ field: 'a.b.1', rule: expect.stringContaining('U+001B') }]);
    expect(issues({ name: 'a\u007f' })[0]?.rule).toContain('U+007F');
    expect(issues({ name: 'a\u0085' })[0]?.rule).toContain('U+0085');
  });

  it('keeps tab, line feed and carriage return, which addresses and notes may hold', () => {
    expect(issues({ note: '一行\n二行\r\n\t缩进' })).toEqual([]);
  });

  it('refuses bidirectional overrides, isolates and marks (a name that reads differently than it sorts)', () => {
    for (const ch of ['\u202e', '\u202a', '\u2066', '\u2069', '\u200f', '\u061c']) {
      expect(issues({ name: `张${ch}华` })).toMatchObject([{ field: 'name', rule: expect.stringMatching(/bidirectional control character U\+/) }]);
    }
  });

  it('refuses zero-width and byte-order characters that hide inside names', () => {
    expect(issues({ name: '张\u200b华' })[0]?.rule).toContain('invisible character U+200B');
    expect(issues({ name: '\ufeff张华' })[0]?.rule).toContain('U+FEFF');
  });

  it('refuses lone surrogates, high or low, but keeps a real pair (an emoji or a rare 𠮷 name)', () => {
    expect(issues({ name: 'a\ud800b' })).toMatchObject([{ field: 'name', rule: 'contains a lone surrogate (U+D800): not valid Unicode text' }]);
    expect(issues({ name: 'a\udc00' })[0]?.rule).toContain('U+DC00');
    expect(issues({ name: '𠮷野' })).toEqual([]);
  });

  it('refuses __proto__, constructor and prototype keys with the field named, instead of dropping them', () => {
    const parsed = JSON.parse('{"name":"张华","__proto__":{"admin":true},"nested":{"constructor":1,"prototype":2}}') as unknown;
    expect(issues(parsed)).toMatchObject([
      { field: '__proto__', rule: 'is not an allowed field name' },
      { field: 'nested.constructor', rule: 'is not an allowed field name' },
      { field: 'nested.prototype', rule: 'is not an allowed field name' },
    ]);
    expect(Object.getPrototypeOf(cleanInput(parsed).value)).toBe(Object.prototype);
  });

  it('refuses numbers no person gives and DynamoDB cannot store (5e-324, 1e308), keeping 0 and ordinary amounts', () => {
    expect(issues({ lat: 5e-324, income: 1e308, zero: 0, neg: -0, yuan: 1234.5, lng: 104.0633 })).toMatchObject([
      { field: 'lat', rule: expect.stringMatching(/^5e-324 is not a plausible number/) },
      { field: 'income', rule: expect.stringMatching(/^1e\+308 is not a plausible number/) },
    ]);
  });

  it('refuses control characters in field names too', () => {
    expect(issues({ 'na\u0000me': 1 })).toMatchObject([{ field: 'na\u0000me', rule: 'the field name contains the control character U+0000: remove it' }]);
  });

  it(`stops at ${MAX_INPUT_DEPTH} levels of nesting instead of exhausting the stack`, () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(issues(deep)).toMatchObject([{ field: Array(MAX_INPUT_DEPTH).fill('0').join('.'), rule: `nests deeper than ${MAX_INPUT_DEPTH} levels` }]);
  });

  it('runs inside parseOrThrow, so every use case gets it, reported with the schema’s own issues', () => {
    const schema = z.object({ id: elderIdSchema, name: z.string() }).strict();
    expect(() => parseOrThrow(schema, { id: 'bad id', name: 'a\u202eb' }, 'thing')).toThrow(ValidationError);
    try {
      parseOrThrow(schema, { id: 'bad id', name: 'a\u202eb' }, 'thing');
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.field).sort()).toEqual(['id', 'name']);
    }
  });
});
