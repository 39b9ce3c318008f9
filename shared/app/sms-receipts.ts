import type { DeliveryReceipt } from '../domain/sms/callbacks';
import { deliveryOf } from '../domain/sms/delivery';
import type { OutboxMessage } from '../domain/sms/message';
import { toInstant } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { OccasionStore, Outbox, SmsCallbackLog, SmsDeliveries } from '../ports';
import { handleEachOnce } from './callback-once';
import { escalateUndelivered } from './undelivered-urgent';
import type { UndeliveredDeps } from './undelivered-urgent';

export interface ReceiptDeps extends UndeliveredDeps {
  deliveries: SmsDeliveries;
  callbackLog: SmsCallbackLog;
  outbox: Pick<Outbox, 'get' | 'enqueue'>;
  occasions: Pick<OccasionStore, 'addStats'>;
}

export interface ReceiptReport {
  received: number;
  /** The same receipt posted again (providers re-post until answered): nothing changed. */
  duplicates: number;
  delivered: number;
  /** Reported failed by the carrier: the code and description are kept on the message. */
  failed: number;
  /** Delivered and failed, by template: what `npm start` reports. */
  byTemplate: Record<string, { delivered: number; failed: number }>;
  /** Naming no message of ours (or a message sent to another number): stored aside and ignored. */
  unmatched: number;
  /** A second, different receipt for a message that already had one: stored, not applied. */
  alreadyReported: number;
  /** Urgent SMS to families reported failed: their instructors were told at once. */
  urgentFailed: number;
  instructorNotices: number;
}

export const emptyReceiptReport = (): ReceiptReport => ({ received: 0, duplicates: 0, delivered: 0, failed: 0, byTemplate: {}, unmatched: 0, alreadyReported: 0, urgentFailed: 0, instructorNotices: 0 });

/**
 * Applies delivery receipts (回执) from a provider's callback, or from the local gateway.
 *
 * 1. Stores each receipt once under its dedupe key; a receipt already handled is a repeat and
 *    changes nothing (a run that stopped half-way is handled again: each step is idempotent).
 * 2. Finds the message: by our reference when the call went to one number, else by the
 *    provider's message id and the number (a batch). The number must be the message's.
 * 3. Sets the message's delivery with one conditional write (the first receipt wins) and counts
 *    it on its occasion (delivered / undelivered next to sent / failed).
 * 4. An urgent SMS to a family reported failed tells the township instructor at once, through
 *    the same step as the deadline check (which would otherwise do it within 15 minutes).
 */
export async function applyReceipts(deps: ReceiptDeps, receipts: readonly DeliveryReceipt[]): Promise<ReceiptReport> {
  const report = emptyReceiptReport();
  const now = toInstant(deps.clock.now());
  report.received = receipts.length;
  ({ duplicates: report.duplicates } = await handleEachOnce(deps.callbackLog, 'receipt', receipts, now, recordOf, (r) => applyOne(deps, r, now, report)));
  return report;
}

async function applyOne(deps: ReceiptDeps, receipt: DeliveryReceipt, now: Instant, report: ReceiptReport): Promise<string> {
  const messages = await messagesOf(deps, receipt);
  if (messages.length === 0) {
    report.unmatched++;
    return 'unmatched: names no message of ours sent to this number';
  }
  const delivery = deliveryOf(receipt, now);
  const outcomes: string[] = [];
  for (const message of messages) {
    const set = await deps.deliveries.setDelivery(message.messageId, delivery);
    if (set !== 'set') {
      // 'already': a receipt got there first; a second one never overwrites it.
      if (set === 'already' && message.delivery?.receipt !== receipt.dedupeKey) report.alreadyReported++;
      outcomes.push(`${message.messageId}: ${set === 'already' ? 'already reported' : 'gone'}`);
      continue;
    }
    outcomes.push(`${message.messageId}: ${delivery.state}`);
    const row = (report.byTemplate[message.template] ??= { delivered: 0, failed: 0 });
    row[delivery.state]++;
    report[delivery.state]++;
    if (message.occasionId !== undefined) await deps.occasions.addStats(message.occasionId, delivery.state === 'delivered' ? { noticesDelivered: 1 } : { noticesUndelivered: 1 });
    if (delivery.state === 'failed' && message.deliverBy !== undefined && message.undelivered === undefined) {
      report.urgentFailed++;
      const told = await escalateUndelivered(deps, [{ ...message, delivery }]);
      report.instructorNotices += told.noticesQueued;
    }
  }
  return outcomes.join('; ');
}

/** The messages a receipt names, each sent to the receipt's number. */
async function messagesOf(deps: ReceiptDeps, receipt: DeliveryReceipt): Promise<OutboxMessage[]> {
  const ids = receipt.reference !== undefined ? [receipt.reference] : await deps.deliveries.findSent(receipt.providerMessageId, receipt.phone);
  const found: OutboxMessage[] = [];
  for (const id of ids) {
    const message = await deps.outbox.get(id);
    if (!message || message.phone !== receipt.phone) continue;
    // Our reference with another provider id: not the call that sent this message.
    if (message.providerMessageId !== undefined && message.providerMessageId !== receipt.providerMessageId) continue;
    found.push(message);
  }
  return found;
}

function recordOf(receipt: DeliveryReceipt) {
  return {
    provider: receipt.provider,
    providerMessageId: receipt.providerMessageId,
    reference: receipt.reference,
    phone: receipt.phone,
    delivered: receipt.delivered,
    carrierCode: receipt.carrierCode,
    description: receipt.description,
    at: receipt.at,
  };
}
