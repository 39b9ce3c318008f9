import { createHash, createHmac } from 'node:crypto';
import type { RecordedRequest } from './provider-server';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const header = (r: RecordedRequest, name: string) => {
  const value = r.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
};
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Checks an Aliyun V3 signature (ACS3-HMAC-SHA256) on a request as it arrived, written from
 * Aliyun's "V3版本请求体&签名机制" description rather than from the SDK: canonical request =
 * method, path, sorted RFC 3986 query, signed headers (host, x-acs-*, content-type), body hash.
 */
export function aliyunSignatureProblems(r: RecordedRequest, accessKeyId: string, secret: string): string[] {
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(header(r, 'authorization'));
  if (!m) return ['no ACS3-HMAC-SHA256 Authorization header'];
  const [, credential, signedHeaders, signature] = m as unknown as [string, string, string, string];
  const problems: string[] = [];
  if (credential !== accessKeyId) problems.push(`signed with ${credential}`);
  const signed = signedHeaders.split(';');
  for (const required of ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version']) {
    if (!signed.includes(required)) problems.push(`${required} is not signed`);
  }
  if (header(r, 'x-acs-content-sha256') !== sha256(r.body)) problems.push('x-acs-content-sha256 is not the hash of the body');
  const url = new URL(r.url, 'http://placeholder');
  const query = [...url.searchParams.keys()]
    .sort()
    .map((k) => `${k}=${rfc3986(url.searchParams.get(k) ?? '')}`)
    .join('&');
  const canonicalHeaders = signed.map((h) => `${h}:${header(r, h).trim()}\n`).join('');
  const canonical = [r.method, url.pathname, query, canonicalHeaders, signedHeaders, header(r, 'x-acs-content-sha256')].join('\n');
  const expected = createHmac('sha256', secret)
    .update(`ACS3-HMAC-SHA256\n${sha256(canonical)}`)
    .digest('hex');
  if (expected !== signature) problems.push('signature does not verify');
  return problems;
}

/**
 * Checks a Tencent Cloud API 3.0 signature (TC3-HMAC-SHA256) on a request as it arrived, from
 * Tencent's "签名方法 v3" description: canonical request over content-type and host, a credential
 * scope date/service/tc3_request, and the key derived from "TC3" + SecretKey.
 */
export function tencentSignatureProblems(r: RecordedRequest, secretId: string, secretKey: string, service = 'sms'): string[] {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(header(r, 'authorization'));
  if (!m) return ['no TC3-HMAC-SHA256 Authorization header'];
  const [, id, date, scopeService, signedHeaders, signature] = m as unknown as [string, string, string, string, string, string];
  const problems: string[] = [];
  if (id !== secretId) problems.push(`signed with ${id}`);
  if (scopeService !== service) problems.push(`scoped to service ${scopeService}`);
  const timestamp = header(r, 'x-tc-timestamp');
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) problems.push('credential date is not the timestamp date');
  const url = new URL(r.url, 'http://placeholder');
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((h) => `${h}:${h === 'host' ? header(r, h).split(':')[0] : header(r, h)}\n`)
    .join('');
  const canonical = [r.method, url.pathname, url.search.slice(1), canonicalHeaders, signedHeaders, sha256(r.body)].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', timestamp, scope, sha256(canonical)].join('\n');
  const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  if (createHmac('sha256', key).update(toSign, 'utf8').digest('hex') !== signature) problems.push('signature does not verify');
  return problems;
}
