import { describe, expect, it } from 'vitest';
import { readTransportFailure, unreadableAnswer } from '../../../../../shared/domain/sms/answers/transport';

describe('A failed exchange with an SMS provider', () => {
  it.each([
    ['connect', 'ECONNREFUSED'],
    ['connect', 'EHOSTUNREACH'],
    ['getaddrinfo', 'ENOTFOUND'],
    ['getaddrinfo', 'EAI_AGAIN'],
  ])('is retried later when it failed at %s %s, before any byte of the request was sent', (syscall, code) => {
    expect(readTransportFailure({ syscall, code, what: 'request failed' })).toEqual({ outcome: 'throttled', detail: `network: ${syscall} ${code}: nothing was sent, try again later` });
  });

  it.each([[{ code: 'ECONNRESET', what: 'socket hang up' }], [{ syscall: 'read', code: 'ECONNRESET', what: 'connection reset' }], [{ what: 'no answer within 5000 ms' }], [{ code: 'ETIMEDOUT', what: 'timed out' }]])(
    'is delivery unknown, never re-sent, when the request may have reached the provider (%o)',
    (failure) => {
      expect(readTransportFailure(failure).outcome).toBe('unknown');
    },
  );

  it('reads an unreadable answer as delivery unknown', () => {
    expect(unreadableAnswer('not JSON')).toEqual({ outcome: 'unknown', detail: 'unreadable answer: not JSON: the provider may have sent it' });
  });
});
