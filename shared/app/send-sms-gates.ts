import { phoneLimitsOf } from '../config/sms-config';
import type { OutboxMessage } from '../domain/sms/message';
import { nextAllowedAt } from '../domain/sms/phone-budget';
import { localDateOf, toInstant } from '../domain/time/instant';
import type { DeliveryRun } from './send-sms-run';
import { codeFor, templateOf } from './send-sms-request';

/**
 * The checks a claimed message passes before it goes, in order: a phone to send to, an
 * occasion still on, a template the provider has not refused and the region has a code for,
 * room in the phone's daily counts. Each failed check leaves the message in a visible state
 * with the reason; `ready` hands it to the send with its code. The month's budget is checked
 * for the whole chunk afterwards (`reserveBudget`).
 */
export async function gate(run: DeliveryRun, message: OutboxMessage): Promise<{ ready: true; code: string } | { ready: false }> {
  const { deps, report } = run;
  const now = toInstant(deps.clock.now());
  if (message.phone === undefined) {
    await deps.outbox.markFailed(message.messageId, 'no phone number', now);
    report.failed++;
    run.count(message, 'noticesFailed');
    return { ready: false };
  }
  if (message.occasionId !== undefined && (await run.isCancelled(message.occasionId))) {
    await deps.outbox.markCancelled(message.messageId, `${message.occasionId} was cancelled before this notice was sent`, now);
    report.cancelled++;
    run.count(message, 'noticesCancelled');
    return { ready: false };
  }
  const code = codeFor(deps.sms, message);
  const template = templateOf(message);
  const stop = code === undefined ? `no template code for ${template} in sms.templateCodes: register the template and add its code` : await run.stoppedReason(template, code);
  if (stop !== undefined || code === undefined) {
    await deps.outbox.markHeld(message.messageId, `template ${template} is stopped: ${stop ?? 'no code'}`, now);
    report.heldForTemplate++;
    run.count(message, 'noticesHeld');
    return { ready: false };
  }
  const limits = phoneLimitsOf(deps.sms);
  const day = localDateOf(now);
  const phoneCheck = await deps.phoneBudget.reserve({ phone: message.phone, day, kind: message.kind, content: message.text, at: now, urgent: message.urgent, limits });
  if (!phoneCheck.allowed) {
    const retryAt = nextAllowedAt(phoneCheck.limit, now, deps.sms.quietHours, phoneCheck.lastAt, limits);
    const rule = phoneCheck.limit === 'identical' ? `the same text within ${limits.identicalSeconds} s` : phoneCheck.limit === 'kind' ? `${limits.perKind[message.kind]} ${message.kind} a day` : `${limits.perDay} SMS a day`;
    await deps.outbox.release(message.messageId, `per-phone limit (${rule}): deferred`, retryAt);
    report.deferredPerPhone++;
    return { ready: false };
  }
  return { ready: true, code };
}

/**
 * Counts a chunk's segments against the month's budget in one write when it fits (a province's
 * warning would otherwise queue millions of writes on the one month item, whose partition takes
 * about a thousand a second), else message by message so the budget is spent to the last
 * segment: what does not fit is held with the reason and gives its per-phone count back.
 * Urgent messages always pass and are counted. Returns the messages that may go.
 */
export async function reserveBudget(run: DeliveryRun, messages: readonly OutboxMessage[]): Promise<OutboxMessage[]> {
  const { deps, report } = run;
  if (!deps.budget || messages.length === 0) return [...messages];
  const { store, monthlySegments } = deps.budget;
  const now = run.now();
  const day = localDateOf(now);
  const month = day.slice(0, 7);
  const total = messages.reduce((sum, m) => sum + m.segments, 0);
  if (
    messages.length > 1 &&
    (
      await store.reserve(
        month,
        total,
        messages.every((m) => m.urgent),
        monthlySegments,
      )
    ).allowed
  )
    return [...messages];
  const passed: OutboxMessage[] = [];
  for (const message of messages) {
    const { allowed, used } = await store.reserve(month, message.segments, message.urgent, monthlySegments);
    if (allowed) {
      passed.push(message);
      continue;
    }
    await deps.phoneBudget.refund({ phone: message.phone!, day, kind: message.kind });
    await deps.outbox.markHeld(message.messageId, `monthly SMS budget of ${monthlySegments} segments for ${month} is spent (${used} used)`, now);
    report.heldForBudget++;
    run.count(message, 'noticesHeld');
    report.budgetExhausted = { month, used, budget: monthlySegments };
  }
  return passed;
}
