import { createHash } from 'node:crypto';
import type { RegionRuntime } from '../config/region-config';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import { isUrgent } from '../domain/special/occasion';
import type { Occasion } from '../domain/special/occasion';
import { toInstant } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { Clock, Outbox, PersonRepository } from '../ports';
import { forEachLimit } from './concurrency';
import { mergeDailyDigest } from './daily-digest';
import type { DailyDigest, DigestOutcome, DigestTask } from './daily-digest';
import { noticeTemplates } from './occasion-effects';
import { deliveryWatch, smsContent } from './sms-message';

/** A page's notices before they are merged: each visitor's elders (one ref per elder), each family phone's tasks. */
export interface PageNotices {
  visitors: Map<string, DigestTask[]>;
  /** Elders whose tasks an alert's update made stricter: their visitor hears of them in the update's own notice. */
  tightened: Map<string, DigestTask[]>;
  families: Map<string, string[]>;
}

export const emptyPageNotices = (): PageNotices => ({ visitors: new Map(), tightened: new Map(), families: new Map() });

export interface NoticeTally {
  visitorNotices: number;
  familyNotices: number;
  noticesExisting: number;
  noticeSegments: number;
  /** Notices this application queued, counted once over crashed and rerun pages (what `noticesQueued` adds). */
  counted: number;
}

/** Further notices for elders a later page added after a visitor's notice was sent: `…#more2`, `…#more3`; past this, the rest stay in the app. */
const MAX_VISITOR_NOTICES = 10;

export interface NoticeDeps {
  outbox: Outbox;
  people: Pick<PersonRepository, 'getMany'>;
  clock: Clock;
  runtime: RegionRuntime;
  concurrency?: number | undefined;
}

/**
 * Merges one page's notices into the occasion's outbox items, the way a visitor's daily digest is
 * merged page by page: one notice per visitor (how many elders, how many at home, the first
 * deadline) and one per family phone (the same text for all, so send-sms batches them), each with
 * a deterministic id, rewritten version-checked only while not yet taken for sending. When a later
 * page adds elders to a visitor whose notice was already sent, they go into a further notice
 * (`#more2`…) holding only the elders the sent ones did not: nobody hears of an elder twice. A
 * family already told (the text is the same for all its elders) is not told again. `origin` names
 * the page, stored on a notice it creates: the page run again after a crash counts it as its own.
 */
export async function queuePageNotices(deps: NoticeDeps, occasion: Occasion, notBefore: Instant, page: PageNotices, origin: string): Promise<NoticeTally> {
  const { sms } = deps.runtime.config;
  const urgent = isUrgent(occasion);
  const createdAt = toInstant(deps.clock.now());
  const sendAfter = sendAfterFor(notBefore, sms.quietHours, urgent);
  const templates = noticeTemplates(occasion);
  const tally: NoticeTally = { visitorNotices: 0, familyNotices: 0, noticesExisting: 0, noticeSegments: 0, counted: 0 };
  const count = (kind: 'visitorNotices' | 'familyNotices', r: { outcome: DigestOutcome; segments: number; origin?: string | undefined }) => {
    tally.noticeSegments += r.segments;
    if (r.outcome === 'queued') tally[kind]++;
    if (r.outcome === 'existing') tally.noticesExisting++;
    if (r.outcome === 'queued' || (r.outcome !== 'merged' && r.origin === origin)) tally.counted++;
  };
  const fields = { urgent, occasionId: occasion.occasionId };
  const suffix = occasion.kind === 'alert' ? `#${occasion.alert.identifier}` : '';
  const visitorIds = [...new Set([...page.visitors.keys(), ...page.tightened.keys()])];
  const roster = await deps.people.getMany(visitorIds);
  const visitorNotice = (visitorId: string, messageId: string): DailyDigest => ({
    messageId,
    recipientId: visitorId,
    phone: roster.get(visitorId)?.phone,
    createdAt,
    sendAfter,
    fields,
    origin,
    render: ({ count: elders, home, first }) => smsContent(sms, templates.visitor, { ...templates.values, elders, home, dueBy: first }),
  });
  const notices = [...[...page.visitors].map(([v, t]) => ({ v, t, id: `occasion#${occasion.occasionId}#visitor#${v}` })), ...[...page.tightened].map(([v, t]) => ({ v, t, id: `occasion#${occasion.occasionId}#visitor#${v}${suffix}` }))];
  await forEachLimit(notices, deps.concurrency ?? 16, async ({ v, t, id }) => {
    let rest = t;
    for (let n = 1; n <= MAX_VISITOR_NOTICES && rest.length > 0; n++) {
      const messageId = n === 1 ? id : `${id}#more${n}`;
      const merged = await mergeDailyDigest(deps.outbox, visitorNotice(v, messageId), rest);
      count('visitorNotices', merged);
      if (merged.outcome !== 'closed') return;
      const sent = new Set((await deps.outbox.get(messageId))?.taskRefs ?? []);
      rest = rest.filter((task) => !sent.has(task.ref));
    }
  });
  const family = smsContent(sms, templates.family, templates.values);
  await forEachLimit(page.families, deps.concurrency ?? 16, async ([phone, refs]) => {
    // The id carries a hash of the number, never the number itself.
    const ref = createHash('sha256').update(phone).digest('hex').slice(0, 20);
    const merged = await mergeDailyDigest(
      deps.outbox,
      {
        messageId: `occasion#${occasion.occasionId}#family#${ref}`,
        recipientId: `family:${ref}`,
        phone,
        createdAt,
        sendAfter,
        fields: { ...fields, replyTo: 'family', ...deliveryWatch(sms, { template: family.template, urgent, createdAt }) },
        origin,
        render: () => family,
      },
      refs.map((r) => ({ ref: r, home: false, due: createdAt })),
    );
    count('familyNotices', merged);
  });
  return tally;
}
