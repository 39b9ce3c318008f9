import type { Instant } from '../domain/time/instant';
import type { CallbackKind, CallbackRecord, SmsCallbackLog } from '../ports';

/**
 * Handles each receipt or reply of a callback once: stores it under its dedupe key first, skips
 * one already handled (a repeated callback), handles one left half-way again (its steps are
 * idempotent), and records what became of it. Returns how many were repeats.
 */
export async function handleEachOnce<T extends { dedupeKey: string }>(
  log: SmsCallbackLog,
  kind: CallbackKind,
  items: readonly T[],
  at: Instant,
  recordOf: (item: T) => CallbackRecord,
  handle: (item: T) => Promise<string>,
): Promise<{ duplicates: number }> {
  let duplicates = 0;
  for (const item of items) {
    if ((await log.begin(kind, item.dedupeKey, recordOf(item), at)) === 'done') {
      duplicates++;
      continue;
    }
    await log.finish(kind, item.dedupeKey, await handle(item), at);
  }
  return { duplicates };
}
