import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DEVICE_HEADERS, signatureHeaderProblem, signingText } from '../../domain/devices/signature';
import type { Instant } from '../../domain/time/instant';
import { toInstant } from '../../domain/time/instant';

/** A platform's key by id; undefined for a platform that has none (it can sign nothing). */
export type DeviceKeyring = (platformId: string) => Promise<Buffer | undefined>;

/** The signature header a platform sends: `v1=` and the hex HMAC-SHA256 of the signing text. */
export function signDeviceRequest(key: Buffer, platformId: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', key)
    .update(signingText(platformId, timestamp, body), 'utf8')
    .digest('hex')}`;
}

/** The three headers for a body, signed now (what a platform, `tanfang device sign` or a test sends). */
export function signedHeaders(key: Buffer, platformId: string, body: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { [DEVICE_HEADERS.platform]: platformId, [DEVICE_HEADERS.timestamp]: timestamp, [DEVICE_HEADERS.signature]: signDeviceRequest(key, platformId, timestamp, body) };
}

export type SignatureCheck = { ok: true; platformId: string; signatureHash: string; spendUntil: Instant } | { ok: false; reason: string };

const header = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

/**
 * Checks a signed request: well-formed headers, a timestamp within the tolerance, a platform
 * with a key, and the HMAC compared in constant time. Says nothing of which part failed beyond
 * what the sender can fix without a key. `signatureHash` names the request for replay checks.
 */
export async function checkDeviceSignature(input: { headers: Record<string, string>; body: string; now: Date; toleranceSeconds: number; keys: DeviceKeyring }): Promise<SignatureCheck> {
  const got = { platform: header(input.headers, DEVICE_HEADERS.platform), timestamp: header(input.headers, DEVICE_HEADERS.timestamp), signature: header(input.headers, DEVICE_HEADERS.signature) };
  const problem = signatureHeaderProblem(got, input.now.getTime(), input.toleranceSeconds);
  if (problem) return { ok: false, reason: problem };
  const key = await input.keys(got.platform!);
  const expected = Buffer.from(signDeviceRequest(key ?? Buffer.alloc(32), got.platform!, got.timestamp!, input.body), 'utf8');
  const given = Buffer.from(got.signature!, 'utf8');
  // Compared even without a key, so an unknown platform takes as long as a wrong signature.
  if (!timingSafeEqual(expected, given) || !key) return { ok: false, reason: 'the signature does not match the platform, timestamp and body' };
  const spendUntil = toInstant(new Date((Number(got.timestamp) + input.toleranceSeconds) * 1000 + 60_000));
  return { ok: true, platformId: got.platform!, signatureHash: createHash('sha256').update(got.signature!).digest('hex'), spendUntil };
}
