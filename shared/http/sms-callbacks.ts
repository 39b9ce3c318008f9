import { ALIYUN_CALLBACK_ACK, parseAliyunReceipts, parseAliyunReplies } from '../adapters/aliyun/callbacks';
import { parseTencentReceipts, parseTencentReplies, TENCENT_CALLBACK_ACK } from '../adapters/tencent/callbacks';
import type { CallbackRequest } from '../adapters/sms/callback-body';
import { applyReceipts } from '../app/sms-receipts';
import type { ReceiptDeps, ReceiptReport } from '../app/sms-receipts';
import { handleReplies } from '../app/sms-replies';
import type { ReplyDeps, ReplyReport } from '../app/sms-replies';
import type { CallbackResult, DeliveryReceipt, SmsReply } from '../domain/sms/callbacks';
import type { ApiResponse } from './api';

/** The providers' callback routes: `POST /sms/{provider}/{token}/receipts|replies` (the token is the authentication). */
export const SMS_CALLBACK_PROVIDERS = ['aliyun', 'tencent'] as const;
export type SmsCallbackProvider = (typeof SMS_CALLBACK_PROVIDERS)[number];
export const SMS_CALLBACK_ROUTES = ['receipts', 'replies'] as const;
export const smsCallbackPath = (provider: SmsCallbackProvider, token: string, route: (typeof SMS_CALLBACK_ROUTES)[number]) => `/sms/${provider}/${token}/${route}`;

const PATH = /^\/sms\/([^/]*)\/([^/]*)\/([^/]*)$/;

/** Whether a path is one of the callback routes' shape (so a server sends it here, not to the API). */
export const isSmsCallbackPath = (path: string) => path.startsWith('/sms/') && PATH.test(path);

export type SmsCallbackDeps = ReceiptDeps &
  ReplyDeps & {
    /** The deployment's callback token (from its secret in AWS, a file in the data folder locally). */
    callbackToken: () => Promise<string>;
  };

/** What happened, for logs and metrics: ids and counts only, never the path (it holds the token) or a number. */
export type SmsCallbackOutcome = { provider: string; route: string; status: number; receipts?: ReceiptReport | undefined; replies?: ReplyReport | undefined } | { provider: string; route: string; status: number; problem: string };

const PARSERS = {
  aliyun: { receipts: parseAliyunReceipts, replies: parseAliyunReplies, ack: ALIYUN_CALLBACK_ACK },
  tencent: { receipts: parseTencentReceipts, replies: parseTencentReplies, ack: TENCENT_CALLBACK_ACK },
} as const;

const json = (status: number, body: unknown, type = 'application/json'): ApiResponse => ({ status, headers: { 'content-type': type }, body: JSON.stringify(body) });
const problem = (status: number, title: string, detail: string, errors?: readonly { field: string; rule: string }[]): ApiResponse =>
  json(status, { type: 'about:blank', title, status, detail, ...(errors && errors.length > 0 ? { errors } : {}) }, 'application/problem+json');

/**
 * One provider callback: the path names the provider and the route and carries the token; the
 * provider's parser checks the token (constant time) before it reads the body, bounds and
 * validates it; only then are the receipts or replies applied. Answers: 200 with the provider's
 * acknowledgement; 401 for a wrong token; 413 for a body over the limit; 400 problem+json naming
 * each bad field; 404/405 for what is not a callback route. A failure while applying throws, so
 * the caller answers 5xx and the provider posts again (every step is idempotent).
 */
export async function handleSmsCallback(deps: SmsCallbackDeps, req: { method: string; path: string; body: string | undefined }): Promise<{ response: ApiResponse; outcome: SmsCallbackOutcome }> {
  const m = PATH.exec(req.path);
  const provider = m?.[1] ?? '';
  const route = m?.[3] ?? '';
  const refuse = (status: number, title: string, detail: string, errors?: readonly { field: string; rule: string }[]) => ({ response: problem(status, title, detail, errors), outcome: { provider, route, status, problem: title } });
  if (!m || !(SMS_CALLBACK_PROVIDERS as readonly string[]).includes(provider) || !(SMS_CALLBACK_ROUTES as readonly string[]).includes(route)) {
    return refuse(404, 'Not Found', 'no such SMS callback: POST /sms/{aliyun|tencent}/{token}/{receipts|replies}');
  }
  if (req.method !== 'POST') return refuse(405, 'Method Not Allowed', `${req.method} is not allowed on an SMS callback; the provider POSTs`);
  const parsers = PARSERS[provider as SmsCallbackProvider];
  const request: CallbackRequest = { pathToken: m[2], expectedToken: await deps.callbackToken(), body: req.body };
  const parsed: CallbackResult<DeliveryReceipt | SmsReply> = route === 'receipts' ? parsers.receipts(request) : parsers.replies(request);
  switch (parsed.status) {
    case 'unauthenticated':
      return refuse(401, 'Unauthorized', 'the callback URL is not this deployment’s: register the URL with the token the stack generated');
    case 'too_large':
      return refuse(413, 'Content Too Large', `the body is larger than ${parsed.limitBytes / 1024} KiB`);
    case 'invalid':
      return refuse(
        400,
        'Bad Request',
        `the ${provider} ${route} callback is invalid`,
        parsed.errors.map((e) => ({ field: e.field === '(root)' ? 'body' : `body.${e.field}`, rule: e.rule })),
      );
    case 'ok': {
      const outcome: SmsCallbackOutcome =
        route === 'receipts' ? { provider, route, status: 200, receipts: await applyReceipts(deps, parsed.items as DeliveryReceipt[]) } : { provider, route, status: 200, replies: await handleReplies(deps, parsed.items as SmsReply[]) };
      return { response: json(200, parsers.ack), outcome };
    }
  }
}
