import { dedupeKey } from '../../shared/adapters/sms/callback-body';
import type { SmsReply } from '../../shared/domain/sms/callbacks';
import { toInstant, toMillis } from '../../shared/domain/time/instant';
import type { SentSms } from './counting-gateway';
import { Random } from './random';

/**
 * Who replies to what, decided per message from the seed so reruns agree. Supervisors answer a
 * good share of their escalation digests with `1` within an hour or two (like an accept code);
 * some families answer a warning or festival notice with `1` once they have phoned their
 * parent; a few write something else, or answer a day later.
 */
const REPLIES = {
  escalation: { one: 0.35, other: 0.03, late: 0, text: '好的' },
  family: { one: 0.25, other: 0.04, late: 0.02, text: '收到，谢谢' },
} as const;

const minutes = (n: number) => n * 60_000;

export function plannedReplies(seed: number, sent: readonly SentSms[]): SmsReply[] {
  const replies: SmsReply[] = [];
  for (const sms of sent) {
    const meaning = sms.templateId.startsWith('escalation_digest') ? 'escalation' : sms.templateId.startsWith('weather_family_') || sms.templateId.startsWith('festival_family') ? 'family' : undefined;
    if (!meaning) continue;
    const rule = REPLIES[meaning];
    const r = Random.for(seed, `reply:${sms.reference}:${sms.phone}`);
    const draw = r.next();
    const [text, after] =
      draw < rule.one
        ? ['1', minutes(r.int(5, meaning === 'escalation' ? 90 : 180))]
        : draw < rule.one + rule.other
          ? [rule.text, minutes(r.int(5, 60))]
          : draw < rule.one + rule.other + rule.late
            ? ['1', minutes(r.int(30 * 60, 40 * 60))]
            : [];
    if (text === undefined || after === undefined) continue;
    const at = toInstant(new Date(toMillis(sms.at) + after));
    replies.push({ provider: 'local', phone: sms.phone, text, at, dedupeKey: dedupeKey('local', 'reply', [sms.phone, at, text]) });
  }
  return replies;
}

/** A number that was never sent anything replies once: stored and ignored. */
export function strangerReply(at: string): SmsReply {
  const phone = '+8613000000000';
  return { provider: 'local', phone, text: '1', at, dedupeKey: dedupeKey('local', 'reply', [phone, at, '1']) };
}
