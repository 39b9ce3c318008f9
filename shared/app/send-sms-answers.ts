import type { OutboxMessage } from '../domain/sms/message';
import { providerLimitRetryAt } from '../domain/sms/phone-budget';
import type { SmsAnswer } from '../domain/sms/provider';
import { addHours, localDateOf, toInstant, toMillis } from '../domain/time/instant';
import type { DeliveryRun } from './send-sms-run';

/** An account refusal is retried this much later: one call a run at most, while the alarm is up. */
const ACCOUNT_RETRY_HOURS = 0.25;

/**
 * What the sender does with one recipient's answer (the port's vocabulary, provider-neutral):
 * - accepted: sent, and findable by the provider's id for its receipt; a digest or family notice
 *   becomes what a reply `1` from that phone answers.
 * - throttled (after this run's retries): nothing was sent; back to pending for a later run.
 * - recipient_limited: the provider's cap for the number; deferred to the next allowed time, once.
 * - invalid_number: failed for good, on the office's list to fix the ledger.
 * - refused template: held with the reason, and the template stopped until a new code is filed.
 * - refused account: back to pending, and the run stops (alarm).
 * - unknown: it may have gone; marked so and never sent again.
 * Whatever was not sent gives its per-phone reservation back.
 */
export async function applyAnswer(run: DeliveryRun, message: OutboxMessage, answer: SmsAnswer, template: string, code: string, backoffMs: number): Promise<void> {
  const { deps, report } = run;
  const now = run.now();
  const refund = () => deps.phoneBudget.refund({ phone: message.phone!, day: localDateOf(now), kind: message.kind });
  switch (answer.outcome) {
    case 'accepted': {
      // Before marking it sent: a receipt can come back within seconds and must find its message.
      await deps.deliveries.trackSent(answer.providerMessageId, message.phone!, message.messageId, now);
      await deps.outbox.markSent(message.messageId, answer.providerMessageId, now);
      run.sentOne(message, template);
      if (message.replyTo !== undefined) {
        await deps.replyTargets.record(message.phone!, { meaning: message.replyTo, messageId: message.messageId, template, recipientId: message.recipientId, taskRefs: message.taskRefs ?? [], sentAt: now });
      }
      return;
    }
    case 'throttled': {
      await refund();
      const retryAfter = toInstant(new Date(toMillis(now) + backoffMs * 4));
      await deps.outbox.release(message.messageId, `throttled by ${deps.gateway.provider}: ${answer.detail}`, retryAfter);
      report.throttledReleased++;
      return;
    }
    case 'recipient_limited': {
      await refund();
      const retryAfter = providerLimitRetryAt(now, deps.sms.quietHours, message.urgent);
      await deps.outbox.release(message.messageId, `${deps.gateway.provider} limit for this number reached: ${answer.detail}`, retryAfter);
      report.deferredRecipientLimited++;
      return;
    }
    case 'invalid_number': {
      await refund();
      await deps.outbox.markInvalidNumber(message.messageId, answer.detail, now);
      report.invalidNumbers++;
      run.count(message, 'noticesFailed');
      return;
    }
    case 'refused': {
      await refund();
      if (answer.scope === 'template') {
        const reason = `refused by ${deps.gateway.provider}: ${answer.detail}`;
        await run.stopTemplate(template, code, reason);
        await deps.outbox.markHeld(message.messageId, `template ${template} is stopped: ${reason}`, now);
        report.heldForTemplate++;
        run.count(message, 'noticesHeld');
        return;
      }
      run.accountRefused ??= answer.detail;
      await deps.outbox.release(message.messageId, `account refused by ${deps.gateway.provider}: ${answer.detail}`, addHours(now, ACCOUNT_RETRY_HOURS));
      return;
    }
    case 'unknown': {
      await deps.outbox.markUnknown(message.messageId, answer.detail, now);
      report.unknown++;
      run.count(message, 'noticesFailed');
      return;
    }
  }
}
