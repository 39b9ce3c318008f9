import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK } from 'jose';
import { z } from 'zod';
import { ValidationError } from '../../domain/validation';

/**
 * The local development issuer: an RS256 key pair standing in for a province's identity
 * platform. `tanfang serve` and the API tests verify its tokens the way API Gateway's JWT
 * authorizer verifies the real issuer's (see jwt-check.ts), reading its JWKS from memory,
 * never from the network. Its issuer name ends in `.invalid` (RFC 6761): no configured issuer
 * can ever be it, so a development token is worthless against a deployed stack.
 */
export const DEV_ISSUER = 'https://tanfang.invalid/dev-issuer';
/** The client id the development issuer issues tokens for (its `aud`). */
export const DEV_AUDIENCE = 'tanfang-dev';
/** Where `tanfang serve` and `tanfang token` keep the key pair (relative to the working folder) unless TANFANG_DEV_ISSUER_KEY names another file. */
export const DEFAULT_DEV_ISSUER_KEY_FILE = '.tanfang/dev-issuer-key.json';

export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** The public key set, as an issuer publishes it at its `jwks_uri`. */
  readonly jwks: JSONWebKeySet;
}

const privateJwkSchema = z.object({
  kty: z.literal('RSA'),
  n: z.string().min(300),
  e: z.string().min(1),
  d: z.string().min(1),
  p: z.string().min(1),
  q: z.string().min(1),
  dp: z.string().min(1),
  dq: z.string().min(1),
  qi: z.string().min(1),
});

async function fromPrivateJwk(jwk: JWK): Promise<DevIssuer> {
  const pub: JWK = { kty: 'RSA', n: jwk.n!, e: jwk.e! };
  const kid = await calculateJwkThumbprint(pub);
  const privateKey = (await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')) as CryptoKey;
  return { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, kid, privateKey, jwks: { keys: [{ ...pub, kid, alg: 'RS256', use: 'sig' }] } };
}

async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  return exportJWK(privateKey);
}

/** A fresh issuer with its key in memory only (tests). */
export async function createDevIssuer(): Promise<DevIssuer> {
  return fromPrivateJwk(await newPrivateJwk());
}

/**
 * The issuer whose private key is kept in `file` (a private JWK, mode 0600), created on first
 * use. Two processes starting at once agree on one key: the file is created exclusively.
 */
export async function devIssuerFromFile(file: string): Promise<DevIssuer> {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(path, `${JSON.stringify(await newPrivateJwk())}\n`, { flag: 'wx', mode: 0o600 });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
    }
    text = readFileSync(path, 'utf8');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ValidationError(`development issuer key ${path}`, [{ field: '(file)', rule: 'is not JSON; delete it and a new key is made (tokens signed with the old one stop working)' }]);
  }
  const parsed = privateJwkSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(`development issuer key ${path}`, [{ field: '(file)', rule: 'is not an RSA private JWK; delete it and a new key is made' }]);
  return fromPrivateJwk(parsed.data);
}

let processIssuer: Promise<DevIssuer> | undefined;

/**
 * The issuer a token is signed with and checked against when the caller names none: the key
 * file in TANFANG_DEV_ISSUER_KEY when set (so a test process and a `tanfang serve` it starts
 * share one key), else one in-memory key per process.
 */
export function defaultDevIssuer(): Promise<DevIssuer> {
  processIssuer ??= process.env.TANFANG_DEV_ISSUER_KEY ? devIssuerFromFile(process.env.TANFANG_DEV_ISSUER_KEY) : createDevIssuer();
  return processIssuer;
}
