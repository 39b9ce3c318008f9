import { regionTemplate } from '../config/sms-config';
import type { SmsSettings } from '../config/sms-config';
import type { NewOutboxMessage } from '../domain/sms/message';
import { render } from '../domain/sms/render';
import type { TemplateValues } from '../domain/sms/render';

/**
 * The template part of an outbox message: the region's template rendered with the values,
 * keeping the template id and parameters next to the text the phone will show.
 */
export function smsContent(sms: Pick<SmsSettings, 'signature' | 'templateTexts'>, templateId: string, values: TemplateValues): Pick<NewOutboxMessage, 'kind' | 'template' | 'params' | 'text' | 'segments'> {
  const template = regionTemplate(sms, templateId);
  const rendered = render(template, sms.signature, values);
  return { kind: template.kind, template: rendered.template, params: rendered.params, text: rendered.text, segments: rendered.segments };
}
