import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// The module under test runs in a browser; here, a tab's sessionStorage is a Map.
const storage = new Map<string, string>();
Object.assign(globalThis, { sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) } });
const { beginSignIn, completeSignIn } = await import('../../web/src/auth/oidc');

const CLIENT = 'tanfang-field-app';
const REDIRECT = 'http://127.0.0.1:5173/';

/** A fake OIDC issuer on loopback: discovery, an authorize step that issues a code bound to its PKCE challenge and nonce, and a token endpoint that checks the verifier. */
async function fakeIssuer() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const codes = new Map<string, { challenge: string; nonce: string; redirect: string }>();
  const tokenRequests: URLSearchParams[] = [];
  let issuer = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    }
    if (url.pathname === '/jwks') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }));
    if (url.pathname === '/token') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const form = new URLSearchParams(body);
      tokenRequests.push(form);
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifierHash = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (!grant || grant.challenge !== verifierHash || grant.redirect !== form.get('redirect_uri') || form.get('client_id') !== CLIENT)
        return res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant' }));
      const idToken = await new SignJWT({ nonce: grant.nonce, person_id: 'vis-510108001001-1' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience(CLIENT)
        .setSubject('u-1')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
      return res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ access_token: 'at', token_type: 'Bearer', expires_in: 3600, id_token: idToken }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** What the issuer's sign-in page does once the person has signed in: a code, back to the app. */
  const authorize = (url: URL, state = url.searchParams.get('state') ?? '') => {
    const code = `c${codes.size + 1}${Math.random().toString(36).slice(2)}`;
    codes.set(code, { challenge: url.searchParams.get('code_challenge') ?? '', nonce: url.searchParams.get('nonce') ?? '', redirect: url.searchParams.get('redirect_uri') ?? '' });
    return new URL(`${url.searchParams.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(issuer)}`);
  };
  return { issuer: () => issuer, authorize, tokenRequests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let idp: Awaited<ReturnType<typeof fakeIssuer>>;
const insecure = { insecure: true };
const config = () => ({ issuer: idp.issuer(), clientId: CLIENT, scope: 'openid profile' });

beforeAll(async () => (idp = await fakeIssuer()));
afterAll(() => idp.close());
beforeEach(() => storage.clear());

describe('OIDC sign-in: authorization code with PKCE against the region issuer', () => {
  it('sends an S256 challenge, trades the code with its verifier, and answers the ID token for this client', async () => {
    const url = await beginSignIn(config(), REDIRECT, insecure);
    expect(url.origin + url.pathname).toBe(`${idp.issuer()}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: CLIENT, response_type: 'code', code_challenge_method: 'S256', scope: 'openid profile', redirect_uri: REDIRECT });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const token = await completeSignIn(config(), idp.authorize(url), insecure);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: CLIENT, iss: idp.issuer(), person_id: 'vis-510108001001-1' });
    expect(idp.tokenRequests.at(-1)?.get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
    expect(storage.size).toBe(0);
  });

  it('refuses a callback whose state is not the one this tab sent (a forged or crossed sign-in)', async () => {
    const url = await beginSignIn(config(), REDIRECT, insecure);
    await expect(completeSignIn(config(), idp.authorize(url, 'someone-elses-state'), insecure)).rejects.toThrow(/state/i);
  });

  it('refuses a replayed callback: what the sign-in needed is used once', async () => {
    const url = await beginSignIn(config(), REDIRECT, insecure);
    const callback = idp.authorize(url);
    await completeSignIn(config(), callback, insecure);
    await expect(completeSignIn(config(), callback, insecure)).rejects.toThrow('no sign-in was started in this tab');
  });

  it('refuses an issuer error sent back instead of a code', async () => {
    await beginSignIn(config(), REDIRECT, insecure);
    const pending = JSON.parse(storage.get('tanfang.oidc.pending')!) as { state: string };
    await expect(completeSignIn(config(), new URL(`${REDIRECT}?error=access_denied&state=${pending.state}`), insecure)).rejects.toThrow(/is an error/);
  });

  it('keeps nothing in localStorage: the pending sign-in lives in the tab only', async () => {
    await beginSignIn(config(), REDIRECT, insecure);
    expect([...storage.keys()]).toEqual(['tanfang.oidc.pending']);
    expect('localStorage' in globalThis).toBe(false);
  });
});
