import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload } from 'jose';
import { personIdFromClaims } from './person-claim';

/** What a JWT authorizer is configured with: the issuer's keys, its name, the accepted audiences, the person claim. */
export interface JwtProfile {
  jwks: JSONWebKeySet;
  issuer: string;
  audiences: readonly string[];
  personClaim: string;
}

export type JwtCheck = { ok: true; personId: string; claims: JWTPayload } | { ok: false; reason: string };

/** Larger than any token an issuer sends; refused before any parsing. */
export const MAX_TOKEN_BYTES = 8 * 1024;

/** RSA algorithms only, as API Gateway's JWT authorizer accepts (never `none`, never HMAC). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

const audienceMatches = (payload: JWTPayload, audiences: readonly string[]): boolean => {
  // API Gateway checks `aud` when present and falls back to `client_id` only when it is absent.
  if (payload.aud !== undefined) return (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).some((a) => audiences.includes(a));
  const clientId = payload['client_id'];
  return typeof clientId === 'string' && audiences.includes(clientId);
};

/**
 * Checks a bearer token the way API Gateway's HTTP API JWT authorizer does (its documented
 * workflow): a `kid` naming a key of the issuer's set, an RSA signature by that key, `iss`
 * equal to the issuer, `aud` (else `client_id`) among the audiences, `exp` after now, `nbf`
 * and `iat` not after now; then the person id from the configured claim. The reason of a
 * refusal is for tests and logs, never for the caller (who gets a bare 401).
 */
export async function checkJwt(token: string, profile: JwtProfile, now: Date): Promise<JwtCheck> {
  if (Buffer.byteLength(token, 'utf8') > MAX_TOKEN_BYTES) return { ok: false, reason: 'token too large' };
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return { ok: false, reason: 'not a JWS compact token' };
  }
  if (typeof kid !== 'string' || !profile.jwks.keys.some((k) => k.kid === kid)) return { ok: false, reason: "no kid of the issuer's key set" };
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(profile.jwks), { issuer: profile.issuer, algorithms: ALGORITHMS, currentDate: now, requiredClaims: ['exp'] }));
  } catch (error) {
    return { ok: false, reason: `${(error as { code?: string }).code ?? 'ERR_JWT_INVALID'}: ${(error as Error).message}` };
  }
  if (typeof payload.iat === 'number' && payload.iat > Math.floor(now.getTime() / 1000)) return { ok: false, reason: 'iat is in the future' };
  if (!audienceMatches(payload, profile.audiences)) return { ok: false, reason: 'audience not accepted' };
  const personId = personIdFromClaims(payload, profile.personClaim);
  if (!personId) return { ok: false, reason: `no person id in claim ${profile.personClaim}` };
  return { ok: true, personId, claims: payload };
}
