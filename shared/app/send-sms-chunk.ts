import type { OutboxMessage } from '../domain/sms/message';
import type { SmsAnswer } from '../domain/sms/provider';
import { forEachLimit } from './concurrency';
import { applyAnswer } from './send-sms-answers';
import { gate, reserveBudget } from './send-sms-gates';
import { requestFor, templateOf } from './send-sms-request';
import type { DeliveryRun } from './send-sms-run';

const BASE_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 10_000;
/** Claims, gates and answers of one chunk in flight at once: DynamoDB round trips, not provider calls. */
const WRITES_IN_FLIGHT = 16;

/**
 * Claims and gates a chunk of same-content messages (at most the gateway's batch), then sends
 * those that passed in as few calls as the provider lets it. The claim is the once-only mark:
 * a message another sender claimed first, or one this sender claimed before it died, is never
 * claimed again (a claimed message that was not answered stays `sending`, never re-sent).
 */
export async function sendChunk(run: DeliveryRun, candidates: readonly OutboxMessage[]): Promise<void> {
  const { deps, report } = run;
  const passed: ({ message: OutboxMessage; code: string } | undefined)[] = new Array(candidates.length);
  await forEachLimit(candidates.keys(), WRITES_IN_FLIGHT, async (i) => {
    report.considered++;
    const message = await deps.outbox.claim(candidates[i]!.messageId, run.now());
    if (!message) {
      report.skipped++;
      return;
    }
    const gated = await gate(run, message);
    if (gated.ready) passed[i] = { message, code: gated.code };
  });
  const ready = passed.filter((p) => p !== undefined);
  // A chunk shares one template, hence one code.
  const code = ready[0]?.code;
  const budgeted = await reserveBudget(
    run,
    ready.map((p) => p.message),
  );
  if (code !== undefined && budgeted.length > 0) await sendWithRetries(run, code, budgeted);
}

async function sendWithRetries(run: DeliveryRun, code: string, messages: OutboxMessage[]): Promise<void> {
  const { deps } = run;
  const template = templateOf(messages[0]!);
  let pending = messages;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const answers = await call(run, code, pending);
    const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
    const throttled: OutboxMessage[] = [];
    const settle: number[] = [];
    for (const [i, answer] of answers.entries()) {
      if (answer.outcome === 'throttled' && attempt < deps.maxAttempts) throttled.push(pending[i]!);
      else settle.push(i);
    }
    const batch = pending;
    await forEachLimit(settle, WRITES_IN_FLIGHT, (i) => applyAnswer(run, batch[i]!, answers[i]!, template, code, backoff));
    if (throttled.length === 0 || run.accountRefused !== undefined) return;
    await deps.sleep(deps.random() * backoff);
    pending = throttled;
  }
}

/** One gateway call in its paced slot. A gateway that throws (it should not) may have sent: every recipient is `unknown`. */
async function call(run: DeliveryRun, code: string, messages: readonly OutboxMessage[]): Promise<SmsAnswer[]> {
  const { deps } = run;
  await run.pace();
  run.report.calls++;
  let answers: SmsAnswer[];
  try {
    answers = await deps.gateway.send(requestFor(deps.sms, code, messages));
  } catch (error) {
    answers = [];
    const detail = `the ${deps.gateway.provider} gateway failed: ${error instanceof Error ? error.message : String(error)}`;
    for (let i = 0; i < messages.length; i++) answers.push({ outcome: 'unknown', detail });
  }
  // A short answer list is the adapter's bug; the recipients it left out may have been sent.
  return messages.map((_, i) => answers[i] ?? { outcome: 'unknown', detail: `${deps.gateway.provider} gave no answer for this recipient` });
}
