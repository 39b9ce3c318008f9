import { smsContent } from '../../shared/app/sms-message';
import type { DeliverOutboxDeps } from '../../shared/app/send-sms';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { loadRegion } from '../../shared/config/load';
import type { NewOutboxMessage } from '../../shared/domain/sms/message';
import type { SmsGateway } from '../../shared/domain/sms/provider';
import type { TemplateValues } from '../../shared/domain/sms/render';
import { InMemoryOutbox } from '../fakes/in-memory-outbox';
import { InMemoryPhoneBudget, InMemoryReplyTargets, InMemorySentLookup, InMemoryTemplateStops } from '../fakes/in-memory-sms';
import { ScriptedGateway } from '../fakes/scripted-gateway';

export const SMS_AT = '2026-11-23T09:00:00+08:00';

const SAMPLE_VALUES: Record<string, TemplateValues> = {
  assignment_digest: { count: 3, home: 1, firstDue: '2026-11-30' },
  escalation_digest: { count: 2, since: '2026-11-15' },
  reassignment: { elder: '张*华', village: '天鹅村', dueDate: '2026-11-30', method: '上门' },
  emergency_family: { elder: '张*华' },
  weather_family_heat: { warning: '高温红色', until: '2026-11-25T10:00:00+08:00' },
};

/** An outbox message rendered from a real template of the catalogue (Sichuan's signature). */
export function smsMessage(messageId: string, template: keyof typeof SAMPLE_VALUES, over: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  const sms = loadRegion('sichuan').config.sms;
  return {
    messageId,
    ...smsContent(sms, template, SAMPLE_VALUES[template]!),
    urgent: false,
    recipientId: `r-${messageId}`,
    phone: `+86138${String(Math.abs(hash(messageId)) % 100_000_000).padStart(8, '0')}`,
    createdAt: SMS_AT,
    sendAfter: SMS_AT,
    ...over,
  };
}

const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);

/** send-sms over in-memory ports and a scripted gateway; Sichuan's settings unless told otherwise. */
export function smsWorld<G extends SmsGateway = ScriptedGateway>(gateway: G = new ScriptedGateway() as unknown as G, sms: Partial<DeliverOutboxDeps['sms']> = {}) {
  const outbox = new InMemoryOutbox();
  const phoneBudget = new InMemoryPhoneBudget();
  const replyTargets = new InMemoryReplyTargets();
  const templateStops = new InMemoryTemplateStops();
  const sentLookup = new InMemorySentLookup();
  const clock = new ManualClock(SMS_AT);
  const sleeps: number[] = [];
  const deps: DeliverOutboxDeps = {
    outbox,
    gateway,
    phoneBudget,
    replyTargets,
    deliveries: sentLookup,
    templateStops,
    clock,
    sms: { ...loadRegion('sichuan').config.sms, ...sms },
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1,
    limit: 100,
    sendsPerSecond: 10,
    maxAttempts: 4,
  };
  return { outbox, phoneBudget, replyTargets, sentLookup, templateStops, clock, sleeps, gateway, deps };
}
