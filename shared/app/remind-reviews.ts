import { servedCounties } from '../config/region-config';
import type { RegionRuntime } from '../config/region-config';
import { reviewCutoff } from '../domain/ledger/review';
import type { Person } from '../domain/people/person';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import { localDateOf, toInstant } from '../domain/time/instant';
import type { ElderRepository, Outbox, PersonRepository, Clock } from '../ports';
import { forEachLimit } from './concurrency';
import { overdueEntries } from './overdue-reviews';
import { smsContent } from './sms-message';

export interface RemindReviewsDeps {
  elders: Pick<ElderRepository, 'reviewDue'>;
  people: Pick<PersonRepository, 'inArea'>;
  outbox: Outbox;
  clock: Clock;
  runtime: RegionRuntime;
}

export interface RemindReviewsReport {
  month: string;
  reviewedBefore: string;
  overdue: number;
  villages: number;
  remindersQueued: number;
  /** Already queued this month (a rerun): one reminder per person, village and month. */
  remindersExisting: number;
  /** Recipients without a phone: kept in the outbox as undeliverable. */
  remindersUndeliverable: number;
  /** Villages with no active liaison: their township instructors were reminded instead. */
  villagesWithoutLiaison: string[];
  /** Villages nobody could be reminded for (no liaison, no instructor): fix the roster. */
  villagesUnreminded: string[];
}

const active = (people: readonly Person[], role: Person['roles'][number]) => people.filter((p) => p.active && p.roles.includes(role));

/**
 * The monthly reminder (每半年动态更新一次): each village liaison whose village has entries past
 * the review interval gets one SMS saying how many (never who: the list is in the app). A
 * village without a liaison is the township instructor's. Reads only overdue entries (one Query
 * per county); one message per person, village and month (a rerun queues nothing); per-phone
 * budgets and quiet hours apply when it is sent.
 */
export async function remindReviews(deps: RemindReviewsDeps): Promise<RemindReviewsReport> {
  const at = toInstant(deps.clock.now());
  const today = localDateOf(at);
  const months = deps.runtime.policy.ledgerReview.intervalMonths;
  const before = reviewCutoff(today, months);
  const report: RemindReviewsReport = { month: today.slice(0, 7), reviewedBefore: before, overdue: 0, villages: 0, remindersQueued: 0, remindersExisting: 0, remindersUndeliverable: 0, villagesWithoutLiaison: [], villagesUnreminded: [] };
  const byVillage = new Map<string, { name: string; count: number }>();
  for (const e of await overdueEntries(deps, servedCounties(deps.runtime.config), before)) {
    const v = byVillage.get(e.villageCode) ?? { name: e.villageName, count: 0 };
    v.count++;
    byVillage.set(e.villageCode, v);
    report.overdue++;
  }
  report.villages = byVillage.size;
  const { sms } = deps.runtime.config;
  await forEachLimit(byVillage, 8, async ([villageCode, { name, count }]) => {
    let recipients = active(await deps.people.inArea(villageCode), 'liaison');
    if (recipients.length === 0) {
      report.villagesWithoutLiaison.push(villageCode);
      recipients = active(await deps.people.inArea(villageCode.slice(0, 9)), 'instructor');
    }
    if (recipients.length === 0) report.villagesUnreminded.push(villageCode);
    for (const person of recipients) {
      const content = smsContent(sms, 'ledger_review_reminder', { village: name, count, months });
      const result = await deps.outbox.enqueue({
        messageId: `review#${person.personId}#${villageCode}#${report.month}`,
        ...content,
        urgent: false,
        recipientId: person.personId,
        phone: person.phone,
        createdAt: at,
        sendAfter: sendAfterFor(at, sms.quietHours, false),
      });
      if (result === 'exists') report.remindersExisting++;
      else {
        report.remindersQueued++;
        if (person.phone === undefined) report.remindersUndeliverable++;
      }
    }
  });
  report.villagesWithoutLiaison.sort();
  report.villagesUnreminded.sort();
  return report;
}
