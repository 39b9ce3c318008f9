import type { SmsAnswer } from '../provider';

/** A failure of the HTTP exchange itself, as far as the SDK lets us see it. */
export interface TransportFailure {
  /** The failing system call of a Node network error (`connect`, `getaddrinfo`, `read`, `write`…), when known. */
  syscall?: string;
  /** The Node error code (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`, `ETIMEDOUT`…), when known. */
  code?: string;
  /** What happened, in words; never a URL or body (they carry phone numbers). */
  what: string;
}

/**
 * System calls that fail before a single byte of the request left this machine: name
 * resolution (`getaddrinfo`: ENOTFOUND, EAI_AGAIN) and the TCP connect (`connect`: ECONNREFUSED,
 * EHOSTUNREACH, ENETUNREACH, a connect ETIMEDOUT). Such a send provably reached no provider.
 */
const BEFORE_REQUEST = new Set(['connect', 'getaddrinfo']);

/**
 * The meaning of a failed exchange. Only a failure that provably sent nothing may be tried
 * again, and it is read as `throttled` (nothing was sent; retry later with backoff). Anything
 * else — a timeout waiting for the answer, a reset connection, an unreadable answer, a TLS
 * failure we cannot place — may have reached the provider after the request was written, and
 * SendSms is not idempotent on either provider: `unknown`, never re-sent.
 */
export function readTransportFailure(failure: TransportFailure): SmsAnswer {
  const name = [failure.syscall, failure.code].filter(Boolean).join(' ');
  if (failure.syscall !== undefined && BEFORE_REQUEST.has(failure.syscall)) {
    return { outcome: 'throttled', detail: `network: ${name}: nothing was sent, try again later` };
  }
  return { outcome: 'unknown', detail: `network: ${failure.what}${name ? ` (${name})` : ''}: the provider may have sent it` };
}

/** An answer that arrived but cannot be read (not JSON, not the documented shape): the call may have been taken. */
export function unreadableAnswer(what: string): SmsAnswer {
  return { outcome: 'unknown', detail: `unreadable answer: ${what}: the provider may have sent it` };
}
