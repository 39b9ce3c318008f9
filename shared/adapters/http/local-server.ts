import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleRequest, MAX_BODY_BYTES } from '../../http/api';
import type { AnyRoute, ApiResponse } from '../../http/api';
import { isSmsCallbackPath } from '../../http/sms-callbacks';
import { CALLBACK_LIMITS } from '../../domain/sms/callbacks';
import type { Principal } from '../../domain/access/access';
import { verifyDevToken } from './dev-tokens';
import type { VerifyDevTokenOptions } from './dev-tokens';

/** Reads a body, stopping (and reporting) once it passes the limit instead of buffering it all. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// The rest of the body is never read: the connection closes, so a client never reuses it half-way.
const tooLarge = (limit: number): ApiResponse => ({
  status: 413,
  headers: { 'content-type': 'application/problem+json', connection: 'close' },
  body: JSON.stringify({ type: 'about:blank', title: 'Content Too Large', status: 413, detail: `the body is larger than ${limit / 1024} KiB` }),
});

/**
 * The API on loopback for `tanfang serve` and the HTTP tests: the same route table and request
 * handling as the Lambda, with the development issuer's tokens checked the way API Gateway's
 * JWT authorizer checks the region's issuer (`auth`: that issuer, audiences and person claim;
 * by default the development issuer and the bundled configs' claim). Like API Gateway, the
 * Authorization header may carry the token alone or after `Bearer `. With `smsCallbacks`, the
 * providers' receipt and reply routes (`/sms/{provider}/{token}/…`, no bearer token: the path
 * token is the authentication) go there, as API Gateway sends them to the callback function.
 */
export interface LocalApiOptions {
  port?: number;
  now?: () => Date;
  auth?: Omit<VerifyDevTokenOptions, 'now'>;
  /** Answers requests that are not for the API (the field app's files, local uploads); true when it did. */
  before?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** Answers the SMS providers' receipt and reply callbacks (`/sms/{provider}/{token}/…`). */
  smsCallbacks?: ((req: { method: string; path: string; body: string | undefined }) => Promise<ApiResponse>) | undefined;
}

export async function startLocalApi(routes: readonly AnyRoute[], loadPrincipal: (personId: string) => Promise<Principal | undefined>, options: LocalApiOptions = {}): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // The server's own time (the simulation's, when it serves one): the field app stamps visits with it.
      if (options.now) res.setHeader('date', options.now().toUTCString());
      if (options.before && (await options.before(req, res, url))) return;
      const callbacks = options.smsCallbacks && isSmsCallbackPath(url.pathname) ? options.smsCallbacks : undefined;
      // Callbacks may carry more (1,000 receipts); the parser refuses them past its own limit.
      const body = await readBody(req, (callbacks ? CALLBACK_LIMITS.maxBytes : MAX_BODY_BYTES) + 1);
      if (callbacks) {
        const answer = body === 'too_large' ? tooLarge(CALLBACK_LIMITS.maxBytes) : await callbacks({ method: req.method ?? 'GET', path: url.pathname, body });
        res.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      const personId = token ? await verifyDevToken(token, { ...options.auth, ...(options.now ? { now: options.now() } : {}) }) : undefined;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      const answer =
        body === 'too_large'
          ? tooLarge(MAX_BODY_BYTES)
          : await handleRequest(routes, loadPrincipal, { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body: body || undefined, personId, requestId: randomUUID() });
      res.writeHead(answer.status, answer.headers).end(answer.body);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: (error as Error).message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))) };
}
