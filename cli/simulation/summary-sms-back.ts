import type { DeliveryReport } from '../../shared/app/send-sms';
import type { ReplyReport } from '../../shared/app/sms-replies';
import type { ReplyIgnoredReason } from '../../shared/domain/sms/reply';
import type { DayProgress } from './run';

/** What came back from the SMS sent: delivery receipts, urgent SMS to families not delivered, replies. */
export interface SmsBackSummary {
  deliveries: {
    delivered: number;
    failed: number;
    /** Sent, with no receipt by the end of the run (the local carrier never reports a few). */
    awaiting: number;
    unmatched: number;
    duplicates: number;
    byTemplate: Record<string, { sent: number; delivered: number; failed: number; awaiting: number }>;
    receiptsFile: string;
  };
  /** Urgent SMS to families not delivered: reported failed (told at once), or past the deadline without a receipt. */
  urgentUndelivered: { reportedFailed: number; pastDeadline: number; instructorNotices: number; nobodyToTell: number };
  replies: Omit<ReplyReport, 'duplicates'>;
}

export function smsBack(days: readonly DayProgress[], deliveries: readonly DeliveryReport[], receiptsFile: string): SmsBackSummary {
  const receipts = days.flatMap((d) => d.receipts);
  const replies = days.flatMap((d) => d.replies);
  const undelivered = days.flatMap((d) => d.undelivered);
  const total = <T>(items: readonly T[], f: (t: T) => number) => items.reduce((a, t) => a + f(t), 0);
  const byTemplate: SmsBackSummary['deliveries']['byTemplate'] = {};
  for (const d of deliveries) for (const [template, row] of Object.entries(d.sentByTemplate)) (byTemplate[template] ??= { sent: 0, delivered: 0, failed: 0, awaiting: 0 }).sent += row.count;
  for (const r of receipts) {
    for (const [template, row] of Object.entries(r.byTemplate)) {
      const out = (byTemplate[template] ??= { sent: 0, delivered: 0, failed: 0, awaiting: 0 });
      out.delivered += row.delivered;
      out.failed += row.failed;
    }
  }
  for (const row of Object.values(byTemplate)) row.awaiting = Math.max(0, row.sent - row.delivered - row.failed);
  const ignored: Partial<Record<ReplyIgnoredReason, number>> = {};
  for (const r of replies) for (const [reason, n] of Object.entries(r.ignored) as [ReplyIgnoredReason, number][]) ignored[reason] = (ignored[reason] ?? 0) + n;
  return {
    deliveries: {
      delivered: total(receipts, (r) => r.delivered),
      failed: total(receipts, (r) => r.failed),
      awaiting: total(Object.values(byTemplate), (r) => r.awaiting),
      unmatched: total(receipts, (r) => r.unmatched),
      duplicates: total(receipts, (r) => r.duplicates),
      byTemplate: Object.fromEntries(Object.entries(byTemplate).sort(([a], [b]) => a.localeCompare(b))),
      receiptsFile,
    },
    urgentUndelivered: {
      reportedFailed: total(receipts, (r) => r.urgentFailed),
      pastDeadline: total(undelivered, (u) => u.undelivered),
      instructorNotices: total(receipts, (r) => r.instructorNotices) + total(undelivered, (u) => u.noticesQueued),
      nobodyToTell: total(undelivered, (u) => u.nobodyToTell.length),
    },
    replies: {
      received: total(replies, (r) => r.received),
      digestsAcknowledged: total(replies, (r) => r.digestsAcknowledged),
      tasksAcknowledged: total(replies, (r) => r.tasksAcknowledged),
      tasksRefused: total(replies, (r) => r.tasksRefused),
      familyConfirmations: total(replies, (r) => r.familyConfirmations),
      tasksFamilyConfirmed: total(replies, (r) => r.tasksFamilyConfirmed),
      ignored,
    },
  };
}

/** The same, as an administrator reads it. */
export function renderSmsBack(s: SmsBackSummary): string[] {
  const d = s.deliveries;
  const u = s.urgentUndelivered;
  const r = s.replies;
  const ignored = Object.entries(r.ignored);
  return [
    '',
    `Deliveries (receipts): ${d.delivered} delivered, ${d.failed} failed, ${d.awaiting} awaiting a receipt; ${d.unmatched} receipts named no message, ${d.duplicates} repeats changed nothing`,
    `     receipts in ${d.receiptsFile}`,
    '  by template (sent, delivered, failed, awaiting):',
    ...Object.entries(d.byTemplate).map(([t, row]) => `    ${t.padEnd(28)}${[row.sent, row.delivered, row.failed, row.awaiting].map((n) => String(n).padStart(7)).join('')}`),
    `Urgent SMS to families not delivered: ${u.reportedFailed} reported failed (instructor told at once), ${u.pastDeadline} without a receipt by the deadline → ${u.instructorNotices} SMS to township instructors${u.nobodyToTell ? `; ${u.nobodyToTell} with nobody to tell` : ''}`,
    `Replies: ${r.received} received; ${r.digestsAcknowledged} escalation digests acknowledged by 1 (${r.tasksAcknowledged} tasks${r.tasksRefused ? `, ${r.tasksRefused} left alone: closed or outside the area` : ''}); ${r.familyConfirmations} family confirmations (家属已确认联系, on ${r.tasksFamilyConfirmed} special tasks, never a visit); ignored: ${ignored.length === 0 ? 'none' : ignored.map(([k, n]) => `${k} ${n}`).join(', ')}`,
  ];
}
