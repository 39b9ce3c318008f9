import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkDeviceSignature, signDeviceRequest, signedHeaders } from '../../../../shared/adapters/http/device-signature';
import { DEVICE_HEADERS, signatureHeaderProblem, signingText } from '../../../../shared/domain/devices/signature';

const key = randomBytes(32);
const now = new Date('2026-11-20T02:00:00Z');
const body = '{"deviceId":"gas-001","elderId":"E000001","kind":"gas","at":"2026-11-20T09:59:00+08:00"}';
const keys = async (id: string) => (id === 'p1' ? key : undefined);
const check = (headers: Record<string, string>, b = body, at = now) => checkDeviceSignature({ headers, body: b, now: at, toleranceSeconds: 300, keys });

describe('Signed alarm requests', () => {
  it('signs the platform, the timestamp and the exact body', () => {
    expect(signingText('p1', '1763604000', body)).toBe(`v1\np1\n1763604000\n${body}`);
    expect(signDeviceRequest(key, 'p1', '1763604000', body)).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('accepts a request signed now with the platform’s key', async () => {
    expect(await check(signedHeaders(key, 'p1', body, now))).toMatchObject({ ok: true, platformId: 'p1', signatureHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses a changed body, another platform’s name, a wrong key, and a platform without a key', async () => {
    const headers = signedHeaders(key, 'p1', body, now);
    expect(await check(headers, body.replace('gas', 'smoke'))).toEqual({ ok: false, reason: 'the signature does not match the platform, timestamp and body' });
    expect(await check({ ...headers, [DEVICE_HEADERS.platform]: 'p2' })).toMatchObject({ ok: false });
    expect(await check(signedHeaders(randomBytes(32), 'p1', body, now))).toMatchObject({ ok: false });
    expect(await check(signedHeaders(key, 'p2', body, now))).toMatchObject({ ok: false });
  });

  it('refuses a request signed more than the tolerance before or after our clock (a late replay)', async () => {
    const old = signedHeaders(key, 'p1', body, new Date(now.getTime() - 301_000));
    expect(await check(old)).toMatchObject({ ok: false, reason: expect.stringContaining('s from our clock (at most 300 s)') });
    expect(await check(signedHeaders(key, 'p1', body, new Date(now.getTime() + 301_000)))).toMatchObject({ ok: false });
    expect(await check(signedHeaders(key, 'p1', body, new Date(now.getTime() - 299_000)))).toMatchObject({ ok: true });
  });

  it('says which header is malformed before using any key', () => {
    const ok = { platform: 'p1', timestamp: '1763604000', signature: `v1=${'a'.repeat(64)}` };
    const at = 1763604000_000;
    expect(signatureHeaderProblem({ ...ok, platform: undefined }, at, 300)).toContain(DEVICE_HEADERS.platform);
    expect(signatureHeaderProblem({ ...ok, platform: '../p1' }, at, 300)).toContain(DEVICE_HEADERS.platform);
    expect(signatureHeaderProblem({ ...ok, timestamp: '1763604000000' }, at, 300)).toContain(DEVICE_HEADERS.timestamp);
    expect(signatureHeaderProblem({ ...ok, signature: 'sha256=abc' }, at, 300)).toContain(DEVICE_HEADERS.signature);
    expect(signatureHeaderProblem({ ...ok, signature: `v1=${'A'.repeat(64)}` }, at, 300)).toContain(DEVICE_HEADERS.signature);
    expect(signatureHeaderProblem(ok, at, 300)).toBeUndefined();
  });
});
