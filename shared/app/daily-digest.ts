import { takesMerges } from '../domain/sms/message';
import type { NewOutboxMessage } from '../domain/sms/message';
import type { Instant } from '../domain/time/instant';
import type { Outbox } from '../ports';

/** One task a daily digest counts. `due`: an instant or a date, compared as text (both ISO). */
export interface DigestTask {
  ref: string;
  home: boolean;
  due: string;
}

export interface DailyDigest {
  /** Deterministic: one per recipient per day (`assign#<visitor>#<date>`, `unassigned#<person>#<date>`). */
  messageId: string;
  recipientId: string;
  phone?: string | undefined;
  createdAt: Instant;
  sendAfter: Instant;
  /** The text for the digest as merged so far: every task counted once. */
  render(totals: { count: number; home: number; first: string }): Pick<NewOutboxMessage, 'kind' | 'template' | 'params' | 'text' | 'segments'>;
  /** What else the message carries (an occasion's notices: urgent, the occasion, a reply's meaning, a delivery watch). */
  fields?: Pick<NewOutboxMessage, 'urgent' | 'occasionId' | 'replyTo' | 'deliverBy'> | undefined;
  /** The job page merging (kept from the first write: see `NewOutboxMessage.origin`). */
  origin?: string | undefined;
}

/** `closed`: already taken for sending; the tasks are in the app, the next day's digest is not theirs. */
export type DigestOutcome = 'queued' | 'merged' | 'existing' | 'closed';

/** Tries per digest while concurrent shard workers keep rewriting it (each conflict means another merged first). */
const MAX_MERGES = 24;

/**
 * Adds tasks to a recipient's digest of the day as the chunks of a job write them: the first
 * chunk creates it, later chunks (other shards, the next invocation, a rerun) rewrite it while it
 * is pending at the version they read. Refs are a set, the home count grows only by refs not
 * yet in it and the first deadline is a minimum, so a rerun's merge changes nothing: still one
 * SMS per recipient per day, counting each task once.
 */
export async function mergeDailyDigest(outbox: Outbox, digest: DailyDigest, tasks: readonly DigestTask[]): Promise<{ outcome: DigestOutcome; segments: number; origin?: string | undefined }> {
  for (let attempt = 0; attempt < MAX_MERGES; attempt++) {
    const existing = await outbox.get(digest.messageId);
    // Taken for sending, or queued by a release that wrote digests once (no version): keep it as it is.
    if (existing && (!takesMerges(existing.state) || existing.version === undefined)) return { outcome: 'closed', segments: 0, origin: existing.origin };
    const refs = new Set(existing?.taskRefs ?? []);
    const added = tasks.filter((t) => !refs.has(t.ref));
    if (existing && added.length === 0) return { outcome: 'existing', segments: 0, origin: existing.origin };
    const unique = [...new Map(added.map((t) => [t.ref, t])).values()];
    const first = unique.reduce((a, t) => (t.due < a ? t.due : a), existing?.digest?.earliestDueAt ?? unique[0]!.due);
    const totals = { count: refs.size + unique.length, home: Number(existing?.params.home ?? 0) + unique.filter((t) => t.home).length, first };
    const message: NewOutboxMessage = {
      messageId: digest.messageId,
      ...digest.render(totals),
      urgent: false,
      ...digest.fields,
      recipientId: digest.recipientId,
      // A page that no longer finds the number (roster changed mid-run) must not make a pending digest undeliverable.
      phone: digest.phone ?? existing?.phone,
      createdAt: existing?.createdAt ?? digest.createdAt,
      sendAfter: existing?.sendAfter ?? digest.sendAfter,
      taskRefs: [...refs, ...unique.map((t) => t.ref)].sort(),
      digest: { earliestDueAt: first },
      ...((existing?.origin ?? digest.origin) !== undefined ? { origin: existing?.origin ?? digest.origin } : {}),
    };
    const result = await outbox.putDigest(message, existing?.version);
    if (result === 'written') return { outcome: existing ? 'merged' : 'queued', segments: existing ? message.segments - existing.segments : message.segments, origin: message.origin };
    if (result === 'closed') return { outcome: 'closed', segments: 0 };
  }
  throw new Error(`digest ${digest.messageId} kept changing under ${MAX_MERGES} concurrent writes; the chunk will be retried`);
}
