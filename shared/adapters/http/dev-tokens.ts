import { SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { DEFAULT_PERSON_CLAIM } from '../../config/auth-config';
import { defaultDevIssuer } from './dev-issuer';
import type { DevIssuer } from './dev-issuer';
import { checkJwt } from './jwt-check';
import type { JwtCheck } from './jwt-check';

export { DEV_AUDIENCE, DEV_ISSUER } from './dev-issuer';

export interface SignDevTokenOptions {
  now?: Date;
  /** Default 12 hours. */
  ttlSeconds?: number;
  /** Default: `defaultDevIssuer()`. */
  issuer?: DevIssuer;
  /** The claim carrying the person id; default `tanfang_person_id` (the bundled configs' claim). */
  personClaim?: string;
  /** Default: the development issuer's client id. */
  audience?: string | string[];
  /** Extra claims, or overrides of the standard ones (`exp: undefined` drops one): tests of hostile tokens. */
  claims?: JWTPayload;
}

/**
 * A development token for `tanfang serve` and the API tests: an RS256 JWT from the
 * development issuer naming the person in the configured claim, like an ID token from the
 * region's OIDC issuer. `groups` is informational (roles come from the roster, not the token).
 */
export async function signDevToken(personId: string, groups: readonly string[], options: SignDevTokenOptions = {}): Promise<string> {
  const issuer = options.issuer ?? (await defaultDevIssuer());
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload: JWTPayload = {
    iss: issuer.issuer,
    aud: options.audience ?? issuer.audience,
    sub: personId,
    iat,
    exp: iat + (options.ttlSeconds ?? 12 * 3600),
    [options.personClaim ?? DEFAULT_PERSON_CLAIM]: personId,
    groups: [...groups],
    ...options.claims,
  };
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: issuer.kid, typ: 'JWT' }).sign(issuer.privateKey);
}

export interface VerifyDevTokenOptions {
  now?: Date;
  issuer?: DevIssuer;
  /** Default: the development issuer's client id. */
  audiences?: readonly string[];
  /** The region config's `auth.personClaim`; default `tanfang_person_id`. */
  personClaim?: string;
}

/** The full outcome of checking a development token (the refusal reason is for tests and logs). */
export async function checkDevToken(token: string, options: VerifyDevTokenOptions = {}): Promise<JwtCheck> {
  const issuer = options.issuer ?? (await defaultDevIssuer());
  return checkJwt(token, { jwks: issuer.jwks, issuer: issuer.issuer, audiences: options.audiences ?? [issuer.audience], personClaim: options.personClaim ?? DEFAULT_PERSON_CLAIM }, options.now ?? new Date());
}

/** The person id of a valid development token, or undefined (bad signature, expired, wrong issuer or audience, no person). */
export async function verifyDevToken(token: string, options: VerifyDevTokenOptions = {}): Promise<string | undefined> {
  const result = await checkDevToken(token, options);
  return result.ok ? result.personId : undefined;
}
