import { z } from 'zod';
import { recipientDeliveries } from '../app/recipient-deliveries';
import { OUTBOX_STATES, SMS_KINDS } from '../domain/sms/message';
import { notFound, route } from './api';
import type { AnyRoute } from './api';
import { id } from './route-kit';
import type { ApiDeps } from './route-kit';

const page = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(400).optional() }).strict();

const deliveryRow = z.object({
  messageId: z.string(),
  template: z.string(),
  kind: z.enum(SMS_KINDS),
  urgent: z.boolean(),
  state: z.enum(OUTBOX_STATES),
  createdAt: z.string(),
  sentAt: z.string().optional(),
  delivery: z.enum(['delivered', 'failed', 'awaiting', 'not_sent']),
  reportedAt: z.string().optional(),
  carrierCode: z.string().optional(),
  description: z.string().optional(),
  escalatedTo: z.string().optional(),
  phone: z.string().optional(),
  lastError: z.string().optional(),
  about: z.array(z.string()),
});
function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}

const deliveries = z.object({ recipient: z.string(), messages: z.array(deliveryRow), next: z.string().optional() });

/** What a person or an elder's family was sent and whether it arrived (supervisors and administrators of their area). */
export function smsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/people/{personId}/sms',
      summary: "The SMS a person was sent, newest first, with each one's delivery (supervisors of the person's area)",
      auth: 'user',
      params: z.object({ personId: id }).strict(),
      query: page,
      response: deliveries,
      handle: async ({ principal, params, query }) => found(await recipientDeliveries(deps, principal, { personId: params.personId, ...query }), `no person ${params.personId}`),
    }),
    route({
      method: 'GET',
      path: '/elders/{elderId}/sms',
      summary: "The SMS an elder's family was sent (emergencies, warning and festival notices), newest first, with each one's delivery (supervisors of the elder's area)",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      query: page,
      response: deliveries,
      handle: async ({ principal, params, query }) => found(await recipientDeliveries(deps, principal, { elderId: params.elderId, ...query }), `no elder ${params.elderId}`),
    }),
  ];
}
