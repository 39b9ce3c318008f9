import { addHours } from '../time/instant';
import type { Instant } from '../time/instant';
import type { CallbackProvider, DeliveryReceipt } from './callbacks';
import { templateById } from './catalogue/catalogue';
import type { OutboxMessage } from './message';

/**
 * What a carrier reported about one SMS to one number (回执). A message gets at most one: the
 * first receipt that names it; a later, different one is stored with the callbacks and noted,
 * never applied over it (a repeated callback changes nothing).
 */
export interface Delivery {
  state: 'delivered' | 'failed';
  provider: CallbackProvider;
  /** When the carrier says it happened. */
  at: Instant;
  /** When the receipt reached us. */
  receivedAt: Instant;
  /** The carrier's status code (DELIVERED, DELIVRD, MK:0001…) and its words, for the office. */
  carrierCode?: string | undefined;
  description?: string | undefined;
  /** The receipt it came from (its dedupe key), so a repeat is recognised. */
  receipt: string;
}

export function deliveryOf(receipt: DeliveryReceipt, receivedAt: Instant): Delivery {
  return {
    state: receipt.delivered ? 'delivered' : 'failed',
    provider: receipt.provider,
    at: receipt.at,
    receivedAt,
    ...(receipt.carrierCode ? { carrierCode: receipt.carrierCode } : {}),
    ...(receipt.description ? { description: receipt.description } : {}),
    receipt: receipt.dedupeKey,
  };
}

/**
 * Whether a message is watched for its receipt: an urgent SMS to a family (an emergency, an
 * orange or red warning's notice). If it is not reported delivered in time, the next person up
 * (the township instructor) is told to phone or go round; staff messages are not watched (they
 * have their own escalation), and neither is the notice that one was not delivered.
 */
export function watchesDelivery(message: { template: string; urgent: boolean }): boolean {
  return message.urgent && templateById(message.template)?.audience === 'family';
}

/** By when a watched message must be reported delivered (its deadline counts from when it was queued). */
export function deliverByOf(createdAt: Instant, deadlineMinutes: number): Instant {
  return addHours(createdAt, deadlineMinutes / 60);
}

/** A message's delivery as a person reads it in a list. */
export type DeliveryStatus = 'delivered' | 'failed' | 'awaiting' | 'not_sent';

/**
 * delivered / failed: what the receipt said; awaiting: sent (or possibly sent) with no receipt
 * yet; not_sent: still queued, or it never went (no phone, invalid number, held, cancelled).
 */
export function deliveryStatus(message: Pick<OutboxMessage, 'state' | 'delivery'>): DeliveryStatus {
  if (message.delivery) return message.delivery.state;
  return message.state === 'sent' || message.state === 'unknown' ? 'awaiting' : 'not_sent';
}

/**
 * Whose list a message appears in: the person it went to (`person#<id>`), or, for a family
 * member, who is not on the roster, the elder it was about (`elder#<id>`, the first of its
 * tasks). A family phone shared by two elders' notices is listed under the first elder.
 */
export function recipientKeyOf(message: Pick<OutboxMessage, 'template' | 'recipientId' | 'taskRefs'>): string | undefined {
  const template = templateById((message.template as string | undefined) ?? '');
  if (template?.audience !== 'family') return `person#${message.recipientId}`;
  const elderId = message.taskRefs?.[0]?.split(/[#/]/)[0];
  return elderId ? `elder#${elderId}` : undefined;
}
