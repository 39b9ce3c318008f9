/**
 * The provider-neutral SMS port's vocabulary. Mainland providers (Aliyun, Tencent Cloud) send
 * nothing but registered templates under a registered signature, so every send is a template
 * code plus typed parameters; providers that take free text (SNS outside China, the local file)
 * send the rendered `text`, which is exactly what a template provider delivers.
 */
export const SMS_PROVIDERS = ['aliyun', 'tencent', 'sns', 'local'] as const;
export type SmsProviderId = (typeof SMS_PROVIDERS)[number];

/** One call: one template with one set of parameters to one or more numbers (a provider's batch form). */
export interface SmsSendRequest {
  /** Our catalogue id of the template, e.g. `assignment_digest`. */
  templateId: string;
  /** The code the provider registered the template under for this region (Aliyun TemplateCode, Tencent TemplateId). */
  templateCode: string;
  /** The registered signature name without 【】 (Aliyun SignName, Tencent SignName). */
  signName: string;
  /** The template's variables in the template's order (Tencent's TemplateParamSet is positional). */
  params: readonly { name: string; value: string }[];
  /** The text the phone shows, signature included: template text with the parameters filled in. */
  text: string;
  /** E.164 numbers, each with the outbox message id it delivers (at most the gateway's `maxBatch`). */
  recipients: readonly { phone: string; reference: string }[];
}

/**
 * What a provider's answer means for one recipient. Adapters translate provider codes into
 * these with the tables in `shared/domain/sms/answers/` (pure, tested without any SDK).
 * `detail` carries the provider's code and message, never a phone number.
 */
export type SmsAnswer =
  /** Taken by the provider; the id ties later delivery receipts to the message. */
  | { outcome: 'accepted'; providerMessageId: string }
  /** Refused for now (account flow control): nothing was sent, retry later with backoff. */
  | { outcome: 'throttled'; detail: string }
  /** This number reached the provider's per-number cap: defer to the next allowed time, never retry at once. */
  | { outcome: 'recipient_limited'; detail: string }
  /** Invalid, unreachable, blacklisted or unsubscribed number: failed for good, listed for the office to fix the ledger. */
  | { outcome: 'invalid_number'; detail: string }
  /**
   * The provider refuses the template or signature (`template`: stop sending that template),
   * or the account itself (`account`: credentials, balance, permissions; stop sending). Alarm.
   */
  | { outcome: 'refused'; scope: 'template' | 'account'; detail: string }
  /** The provider may have sent it (timeout, reset, unreadable answer): never re-sent automatically. */
  | { outcome: 'unknown'; detail: string };

export type SmsOutcome = SmsAnswer['outcome'];

/** A provider behind the port. Never throws for a provider's answer: one answer per recipient, in order. */
export interface SmsGateway {
  readonly provider: SmsProviderId;
  /** Most recipients one call may carry (Aliyun SendSms 1,000; Tencent SendSms 200; SNS 1; the local file 100, so the runner batches too). */
  readonly maxBatch: number;
  send(request: SmsSendRequest): Promise<SmsAnswer[]>;
}
