import type { CallbackRequest } from '../../shared/adapters/sms/callback-body';
import type { SmsSendRequest } from '../../shared/domain/sms/provider';

/** A family notice of one template to the given phones, one outbox message each. */
export const familyNotice = (templateCode: string, phones: string[], over: Partial<SmsSendRequest> = {}): SmsSendRequest => ({
  templateId: 'family_notice',
  templateCode,
  signName: '成华民政',
  params: [
    { name: 'event', value: '高温红色预警' },
    { name: 'name', value: '张*华' },
  ],
  text: '【成华民政】…',
  recipients: phones.map((phone, i) => ({ phone, reference: `family#E00001${i}#occ-1` })),
  ...over,
});

/** Posts a callback body to the path with `pathToken` (`null`: no token segment at all) against the expected token. */
export const callbackPoster =
  (expectedToken: string) =>
  (body: unknown, pathToken: string | null = expectedToken): CallbackRequest => ({ pathToken: pathToken ?? undefined, expectedToken, body: typeof body === 'string' ? body : JSON.stringify(body) });
