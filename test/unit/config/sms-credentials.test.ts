import { describe, expect, it } from 'vitest';
import { CREDENTIAL_PLACEHOLDER, credentialsTemplate, parseCallbackToken, parseSmsCredentials } from '../../../shared/config/sms-credentials';
import { ValidationError } from '../../../shared/domain/validation';

const SECRET = 'sEcReTvAlUe-that-must-never-be-echoed';
const errorOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
};

describe('SMS credentials secret', () => {
  it('reads an Aliyun AccessKey pair and a Tencent SecretId/SecretKey pair', () => {
    expect(parseSmsCredentials(JSON.stringify({ provider: 'aliyun', accessKeyId: 'LTAI5tExampleKey', accessKeySecret: SECRET }), 'aliyun')).toEqual({ provider: 'aliyun', accessKeyId: 'LTAI5tExampleKey', accessKeySecret: SECRET });
    expect(parseSmsCredentials(JSON.stringify({ provider: 'tencent', secretId: 'AKIDexample0001', secretKey: SECRET }), 'tencent').secretKey).toBe(SECRET);
  });

  it('names the field still holding the placeholder the construct wrote', () => {
    const error = errorOf(() => parseSmsCredentials(JSON.stringify(credentialsTemplate('aliyun')), 'aliyun'));
    expect(error.issues).toMatchObject([
      { field: 'accessKeyId', rule: 'still the placeholder: put the AccessKey ID from the provider console here' },
      { field: 'accessKeySecret', rule: 'still the placeholder: put the AccessKey Secret from the provider console here' },
    ]);
    expect(error.message).not.toContain(CREDENTIAL_PLACEHOLDER);
  });

  it('names the field and the rule without ever repeating a value', () => {
    const error = errorOf(() => parseSmsCredentials(JSON.stringify({ provider: 'tencent', secretId: `${SECRET} `, secretKey: 'short' }), 'tencent'));
    expect(error.issues.map((i) => i.field)).toEqual(['secretId', 'secretKey']);
    expect(error.message).toMatch(/secretId: must be the SecretId: printable ASCII without spaces/);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('short');
  });

  it('refuses a secret that is not JSON without quoting it (V8’s JSON errors would)', () => {
    const error = errorOf(() => parseSmsCredentials(`{"accessKeySecret": "${SECRET}"`, 'aliyun'));
    expect(error.issues[0]!.field).toBe('(root)');
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses the other provider’s keys and unknown fields', () => {
    expect(errorOf(() => parseSmsCredentials(JSON.stringify({ provider: 'tencent', secretId: 'AKIDexample0001', secretKey: SECRET }), 'aliyun')).issues).toMatchObject([
      { field: 'provider', rule: 'must be "aliyun", the region\'s SMS provider' },
    ]);
    expect(errorOf(() => parseSmsCredentials(JSON.stringify({ provider: 'aliyun', accessKeyId: 'LTAI5tExampleKey', accessKeySecret: SECRET, token: SECRET }), 'aliyun')).message).not.toContain(SECRET);
  });

  it('accepts a callback token of 32 or more letters and digits only', () => {
    expect(parseCallbackToken('a'.repeat(48))).toBe('a'.repeat(48));
    expect(() => parseCallbackToken('short')).toThrow(/must be 32–128 letters and digits/);
    expect(() => parseCallbackToken(`${'a'.repeat(40)}/../`)).toThrow(ValidationError);
  });
});
