import { regionTemplate, templateCodeOf } from '../config/sms-config';
import type { SmsSettings } from '../config/sms-config';
import type { OutboxMessage } from '../domain/sms/message';
import type { SmsSendRequest } from '../domain/sms/provider';
import { orderedVariables } from '../domain/sms/template';

/** Messages sent before templates existed carry only text: free-text providers can still send them. */
export const LEGACY_TEMPLATE = 'legacy_text';

/** The template id a message is sent under (legacy messages have none). */
export const templateOf = (message: OutboxMessage): string => (message.template as string | undefined) ?? LEGACY_TEMPLATE;

/** Messages that may share one provider call: same template, same parameters, same text. */
export function batchKey(message: OutboxMessage): string {
  return JSON.stringify([templateOf(message), message.params ?? {}, message.text]);
}

/** The code the provider knows this message's template by; undefined when the region has none for it. */
export function codeFor(sms: SmsSettings, message: OutboxMessage): string | undefined {
  const template = templateOf(message);
  if (template === LEGACY_TEMPLATE) return sms.provider === 'sns' || sms.provider === 'local' ? LEGACY_TEMPLATE : undefined;
  return templateCodeOf(sms, template);
}

/** The signature as providers take it: the name inside 【】. */
export const signNameOf = (signature: string) => signature.replace(/^【|】$/g, '');

/**
 * One provider call for messages that share template and parameters. Parameters go in the
 * order the filed text uses them (Tencent's are positional), from the region's template.
 */
export function requestFor(sms: SmsSettings, code: string, messages: readonly OutboxMessage[]): SmsSendRequest {
  const first = messages[0]!;
  const template = templateOf(first);
  const params = first.params ?? {};
  const ordered = template === LEGACY_TEMPLATE ? [] : orderedVariables(regionTemplate(sms, template)).map((v) => ({ name: v.name, value: params[v.name] ?? '' }));
  return {
    templateId: template,
    templateCode: code,
    signName: signNameOf(sms.signature),
    params: ordered,
    text: first.text,
    recipients: messages.map((m) => ({ phone: m.phone!, reference: m.messageId })),
  };
}
