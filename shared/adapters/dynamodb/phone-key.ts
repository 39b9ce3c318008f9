import { createHash } from 'node:crypto';

/**
 * The key a phone number is stored under in counters, reply targets and message ids: a hash,
 * so no table key or log line carries the number itself (the outbox message keeps it, encrypted
 * at rest with the table's key, because it is needed to send).
 */
export function phoneKey(phone: string): string {
  return createHash('sha256').update(phone).digest('hex').slice(0, 20);
}
