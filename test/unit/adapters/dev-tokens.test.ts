import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDevIssuer, devIssuerFromFile } from '../../../shared/adapters/http/dev-issuer';
import type { DevIssuer } from '../../../shared/adapters/http/dev-issuer';
import { checkDevToken, signDevToken, verifyDevToken } from '../../../shared/adapters/http/dev-tokens';
import { MAX_TOKEN_BYTES } from '../../../shared/adapters/http/jwt-check';
import { personIdFromClaims } from '../../../shared/adapters/http/person-claim';

const NOW = new Date('2026-11-20T10:00:00+08:00');
const PERSON = 'vis-510108001001-1';
let issuer: DevIssuer;
let stranger: DevIssuer;

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const reasonOf = async (token: string, options: Parameters<typeof checkDevToken>[1] = {}) => {
  const r = await checkDevToken(token, { issuer, now: NOW, ...options });
  return r.ok ? `accepted ${r.personId}` : r.reason;
};

beforeAll(async () => {
  [issuer, stranger] = await Promise.all([createDevIssuer(), createDevIssuer()]);
});

describe('Function: signDevToken / verifyDevToken', () => {
  it("accepts a development token naming the person in the bundled configs' claim", async () => {
    const token = await signDevToken(PERSON, ['visitor'], { issuer, now: NOW });
    expect(await verifyDevToken(token, { issuer, now: NOW })).toBe(PERSON);
  });

  it('reads the person from the claim the region config names, never from sub or another claim', async () => {
    const token = await signDevToken(PERSON, [], { issuer, now: NOW });
    expect(await reasonOf(token, { personClaim: 'employee_no' })).toBe('no person id in claim employee_no');
    const named = await signDevToken(PERSON, [], { issuer, now: NOW, personClaim: 'employee_no' });
    expect(await reasonOf(named, { personClaim: 'employee_no' })).toBe(`accepted ${PERSON}`);
  });

  it('refuses a token that expired, is not yet valid, was issued in the future or never expires', async () => {
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer, now: new Date('2026-11-19T00:00:00+08:00') }))).toMatch(/ERR_JWT_EXPIRED/);
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer, now: NOW, claims: { nbf: NOW.getTime() / 1000 + 600 } }))).toMatch(/ERR_JWT_CLAIM_VALIDATION_FAILED.*nbf/);
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer, now: new Date(NOW.getTime() + 60_000) }))).toBe('iat is in the future');
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer, now: NOW, claims: { exp: undefined } }))).toMatch(/ERR_JWT_CLAIM_VALIDATION_FAILED.*exp/);
  });

  it('checks the audience like API Gateway: aud when present, client_id only when aud is absent', async () => {
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer, now: NOW, audience: 'another-app' }))).toBe('audience not accepted');
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer, now: NOW, audience: ['another-app', issuer.audience] }))).toBe(`accepted ${PERSON}`);
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer, now: NOW, claims: { aud: undefined, client_id: issuer.audience } }))).toBe(`accepted ${PERSON}`);
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer, now: NOW, claims: { aud: 'another-app', client_id: issuer.audience } }))).toBe('audience not accepted');
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer, now: NOW, claims: { aud: undefined } }))).toBe('audience not accepted');
  });

  it('refuses a token naming another issuer, even signed with the development key', async () => {
    const token = await signDevToken(PERSON, [], { issuer, now: NOW, claims: { iss: 'https://sso.chenghua-minzheng.example/realms/tanfang' } });
    expect(await reasonOf(token)).toMatch(/ERR_JWT_CLAIM_VALIDATION_FAILED.*iss/);
  });

  it('refuses a forged signature: another key under the same kid, or a payload edited after signing', async () => {
    const forged = await signDevToken(PERSON, [], { issuer: { ...stranger, kid: issuer.kid, issuer: issuer.issuer }, now: NOW });
    expect(await reasonOf(forged)).toMatch(/ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
    const [header, , signature] = (await signDevToken('vis-1', [], { issuer, now: NOW })).split('.');
    const edited = `${header}.${b64({ iss: issuer.issuer, aud: issuer.audience, iat: NOW.getTime() / 1000, exp: NOW.getTime() / 1000 + 3600, tanfang_person_id: 'admin-1' })}.${signature}`;
    expect(await reasonOf(edited)).toMatch(/ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
  });

  it("refuses a token without a kid, or with a kid outside the issuer's key set", async () => {
    const claims = { iss: issuer.issuer, aud: issuer.audience, tanfang_person_id: PERSON };
    const noKid = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setIssuedAt(NOW).setExpirationTime('1h').sign(issuer.privateKey);
    expect(await reasonOf(noKid)).toBe("no kid of the issuer's key set");
    expect(await reasonOf(await signDevToken(PERSON, [], { issuer: stranger, now: NOW, claims: { iss: issuer.issuer } }))).toBe("no kid of the issuer's key set");
  });

  it('refuses alg "none" and an HMAC token keyed with the public key (algorithm confusion)', async () => {
    const payload = { iss: issuer.issuer, aud: issuer.audience, iat: NOW.getTime() / 1000, exp: NOW.getTime() / 1000 + 3600, tanfang_person_id: 'admin-1' };
    expect(await reasonOf(`${b64({ alg: 'none', kid: issuer.kid })}.${b64(payload)}.`)).toMatch(/ERR_JOSE_ALG_NOT_ALLOWED/);
    const signingInput = `${b64({ alg: 'HS256', kid: issuer.kid })}.${b64(payload)}`;
    const mac = createHmac('sha256', JSON.stringify(issuer.jwks.keys[0])).update(signingInput).digest('base64url');
    expect(await reasonOf(`${signingInput}.${mac}`)).toMatch(/ERR_JOSE_ALG_NOT_ALLOWED/);
  });

  it('refuses garbage, an empty string and an oversized token before parsing it', async () => {
    expect(await reasonOf('not-a-token')).toBe('not a JWS compact token');
    expect(await reasonOf('')).toBe('not a JWS compact token');
    const big = await signDevToken(PERSON, [], { issuer, now: NOW, claims: { padding: 'x'.repeat(MAX_TOKEN_BYTES) } });
    expect(await reasonOf(big)).toBe('token too large');
  });
});

describe('Function: personIdFromClaims', () => {
  it('takes a roster id, or an integer an issuer emits as a number', () => {
    expect(personIdFromClaims({ p: 'vis-510108001001-1' }, 'p')).toBe('vis-510108001001-1');
    expect(personIdFromClaims({ p: 320102 }, 'p')).toBe('320102');
  });

  it('names nobody for a missing, empty, list, object, overlong or oddly spelled value', () => {
    for (const value of [undefined, '', ['vis-1'], '[vis-1 admin-1]', { id: 'vis-1' }, 'x'.repeat(65), 'vis 1', '../admin', 'admin-1\n', -1, 1.5, true, null]) {
      expect(personIdFromClaims({ p: value }, 'p'), JSON.stringify(value)).toBeUndefined();
    }
    expect(personIdFromClaims({}, 'p')).toBeUndefined();
    expect(personIdFromClaims(Object.create({ p: 'vis-1' }) as Record<string, unknown>, 'p')).toBeUndefined();
  });
});

describe('Function: devIssuerFromFile', () => {
  it('creates the key once, private to its owner, and every process loading the file signs with the same key', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tanfang-issuer-')), 'nested', 'key.json');
    const [a, b] = await Promise.all([devIssuerFromFile(file), devIssuerFromFile(file)]);
    expect(a.kid).toBe(b.kid);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await devIssuerFromFile(file);
    expect(await verifyDevToken(await signDevToken(PERSON, [], { issuer: a, now: NOW }), { issuer: again, now: NOW })).toBe(PERSON);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kty: 'RSA', d: expect.any(String) });
  });

  it('names the file and what to do when it is not a usable key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanfang-issuer-'));
    writeFileSync(join(dir, 'broken.json'), '{"kty":');
    await expect(devIssuerFromFile(join(dir, 'broken.json'))).rejects.toThrow(/broken\.json is invalid: \(file\): is not JSON; delete it/);
    writeFileSync(join(dir, 'public.json'), JSON.stringify(issuer.jwks.keys[0]));
    await expect(devIssuerFromFile(join(dir, 'public.json'))).rejects.toThrow(/public\.json is invalid: \(file\): is not an RSA private JWK/);
  });
});
