import { jwtVerify, SignJWT } from 'jose';

/**
 * Development tokens for `tanfang serve`: HS256 JWTs carrying the same claims a Cognito ID
 * token carries in AWS (`sub`, `custom:personId`, `cognito:groups`). Never accepted in AWS,
 * where API Gateway's JWT authorizer checks Cognito's signature instead.
 */
export const DEV_ISSUER = 'tanfang-local';
const DEFAULT_SECRET = 'tanfang-local-development-secret-not-for-production';

const key = (secret: string | undefined) => new TextEncoder().encode(secret ?? process.env.TANFANG_DEV_JWT_SECRET ?? DEFAULT_SECRET);

export async function signDevToken(personId: string, groups: readonly string[], options: { secret?: string; now?: Date; ttlSeconds?: number } = {}): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ 'custom:personId': personId, 'cognito:groups': [...groups] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(DEV_ISSUER)
    .setSubject(personId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.ttlSeconds ?? 12 * 3600))
    .sign(key(options.secret));
}

/** The person id of a valid development token, or undefined (bad signature, expired, malformed). */
export async function verifyDevToken(token: string, options: { secret?: string; now?: Date } = {}): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(token, key(options.secret), { issuer: DEV_ISSUER, algorithms: ['HS256'], ...(options.now ? { currentDate: options.now } : {}) });
    const personId = payload['custom:personId'];
    return typeof personId === 'string' ? personId : undefined;
  } catch {
    return undefined;
  }
}
