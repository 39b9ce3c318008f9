import * as oauth from 'oauth4webapi';

/**
 * Sign-in with the region's OIDC issuer: authorization code with PKCE (S256), state and nonce,
 * a public client (no secret in a browser). The ID token is what the API's JWT authorizer
 * checks (issuer, audience = client id). What is pending between the redirect and the return
 * waits in sessionStorage, and is removed when used.
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  scope: string;
}

const PENDING = 'tanfang.oidc.pending';

/** Test-only switches: a fake issuer on loopback speaks plain HTTP. */
export interface OidcOptions {
  insecure?: boolean;
  fetch?: typeof fetch;
}

function requestOptions(o: OidcOptions) {
  return { ...(o.insecure ? { [oauth.allowInsecureRequests]: true } : {}), ...(o.fetch ? { [oauth.customFetch]: o.fetch } : {}) };
}

async function discover(config: OidcConfig, o: OidcOptions): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...requestOptions(o) }));
}

/** The issuer's authorization URL to send the browser to; remembers the verifier, state and nonce. */
export async function beginSignIn(config: OidcConfig, redirectUri: string, o: OidcOptions = {}): Promise<URL> {
  const as = await discover(config, o);
  if (!as.authorization_endpoint) throw new Error('the issuer names no authorization endpoint');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, redirectUri }));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    scope: config.scope,
    redirect_uri: redirectUri,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();
  return url;
}

/** Whether this page load is the issuer sending the browser back. */
export const isCallback = (url: URL) => url.searchParams.has('code') || url.searchParams.has('error');

/** Finishes the sign-in the issuer sent the browser back from: checks state, trades the code (with the verifier) for tokens, checks the nonce; answers the ID token. */
export async function completeSignIn(config: OidcConfig, callback: URL, o: OidcOptions = {}): Promise<string> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!raw) throw new Error('no sign-in was started in this tab');
  const pending = JSON.parse(raw) as { verifier: string; state: string; nonce: string; redirectUri: string };
  const as = await discover(config, o);
  const client: oauth.Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(as, client, callback, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, pending.redirectUri, pending.verifier, requestOptions(o));
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  if (!result.id_token) throw new Error('the issuer answered no ID token');
  return result.id_token;
}
