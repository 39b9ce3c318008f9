import { regionTemplate, templateIdFor } from '../config/sms-config';
import type { SmsSettings } from '../config/sms-config';
import type { NewOutboxMessage } from '../domain/sms/message';
import { deliverByOf, watchesDelivery } from '../domain/sms/delivery';
import { render } from '../domain/sms/render';
import type { Instant } from '../domain/time/instant';
import type { TemplateValues } from '../domain/sms/render';

/**
 * The template part of an outbox message: the region's template rendered with the values,
 * keeping the template id and parameters next to the text the phone will show. A reply-able
 * message goes out in the version inviting the reply where the region has switched it on.
 */
export function smsContent(sms: Pick<SmsSettings, 'signature' | 'templateTexts' | 'inviteReplies'>, templateId: string, values: TemplateValues): Pick<NewOutboxMessage, 'kind' | 'template' | 'params' | 'text' | 'segments'> {
  const template = regionTemplate(sms, templateIdFor(sms, templateId));
  const rendered = render(template, sms.signature, values);
  return { kind: template.kind, template: rendered.template, params: rendered.params, text: rendered.text, segments: rendered.segments };
}

/**
 * The delivery deadline of a message, when it is watched (an urgent SMS to a family): spread
 * into the outbox message next to its content, so the deadline check finds it.
 */
export function deliveryWatch(sms: Pick<SmsSettings, 'deliveryDeadlineMinutes'>, message: { template: string; urgent: boolean; createdAt: Instant }): Pick<NewOutboxMessage, 'deliverBy'> {
  return watchesDelivery(message) ? { deliverBy: deliverByOf(message.createdAt, sms.deliveryDeadlineMinutes) } : {};
}
