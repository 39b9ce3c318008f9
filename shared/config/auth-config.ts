import { z } from 'zod';

/**
 * Sign-in: the OIDC issuer whose tokens the deployment accepts (a province's unified identity
 * platform or a self-hosted one such as Keycloak), checked by API Gateway's JWT authorizer in AWS
 * and by the development issuer's verifier locally. Nothing here is secret: the field app is a
 * public client (authorization code + PKCE), and `GET /auth/config` serves these values.
 */

/** The claim a dev token and a configured issuer put the roster person id in, unless the config says otherwise. */
export const DEFAULT_PERSON_CLAIM = 'tanfang_person_id';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/i;

const issuerSchema = z
  .string()
  .max(512, 'must be at most 512 characters')
  .regex(/^\S+$/, 'must not contain spaces')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an https URL, e.g. https://id.example.gov.cn/realms/tanfang' });
      return;
    }
    // API Gateway fetches <issuer>/.well-known/openid-configuration and the JWKS over public HTTPS.
    if (url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must use https: API Gateway only accepts an https issuer' });
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
    if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'must not have a query or fragment: it is compared with the token\'s "iss" claim exactly' });
    if (LOOPBACK.test(url.hostname)) ctx.addIssue({ code: 'custom', message: 'must be reachable by API Gateway from the internet, not a loopback address' });
  });

/** An `aud` / `client_id` value: printable, no spaces (API Gateway compares them exactly). */
const audienceSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** Claims that name the token itself, never a person. */
const RESERVED_CLAIMS = ['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'client_id', 'scope', 'scp', 'nonce', 'auth_time', 'at_hash', 'c_hash', 'acr', 'amr', 'typ'];

const personClaimSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_:.-]{0,63}$/, 'must be a claim name: a letter, then up to 63 letters, digits, _ : . or -')
  .refine((c) => !RESERVED_CLAIMS.includes(c), { message: `must be a claim that names the person, not one of ${RESERVED_CLAIMS.join(', ')}` });

/** RFC 6749 §3.3: space-separated scope tokens; OIDC needs `openid`. */
const scopeSchema = z
  .string()
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be scope tokens separated by single spaces (RFC 6749 §3.3)')
  .refine((s) => s.split(' ').includes('openid'), { message: 'must include "openid": the field app signs in with OpenID Connect' });

export const authConfigSchema = z
  .object({
    /** The issuer exactly as its tokens carry it in `iss`. */
    issuer: issuerSchema,
    /** The `aud` (or, when a token has no `aud`, `client_id`) values accepted; one of them is the field app's client id. */
    audiences: z
      .array(audienceSchema)
      .min(1, "list at least the field app's client id")
      .max(10, 'at most 10 audiences')
      .refine((a) => new Set(a).size === a.length, { message: 'must not repeat an audience' }),
    /**
     * The claim carrying the person's Tanfang roster id (`POST /people`). A province platform
     * will not emit `custom:personId`; the office maps the roster id into this claim.
     */
    personClaim: personClaimSchema.default(DEFAULT_PERSON_CLAIM),
    /** What the field app needs to start sign-in (served by GET /auth/config). */
    client: z
      .object({
        clientId: audienceSchema,
        scope: scopeSchema.default('openid'),
        /** Refused with its reason: anything here is bundled into every function and served to browsers. */
        clientSecret: z.undefined({ error: 'must not be set: the field app is a public client (PKCE), and the region config is bundled into the functions and served by GET /auth/config' }).optional(),
      })
      .strict(),
  })
  .strict()
  .superRefine((auth, ctx) => {
    // An OIDC ID token's `aud` is the client id: without it the field app's own tokens would be refused.
    if (!auth.audiences.includes(auth.client.clientId)) {
      ctx.addIssue({ code: 'custom', path: ['client', 'clientId'], message: `must be one of auth.audiences (${auth.audiences.join(', ')}): the field app's ID tokens carry it as "aud"` });
    }
  });

export type AuthConfig = z.infer<typeof authConfigSchema>;
