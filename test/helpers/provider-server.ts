import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as it reached the loopback "provider". */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/?PhoneNumbers=…`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the fake provider answers: a response, silence (the request is read, no answer ever comes), or a reset connection. */
export type Reply = { status?: number; contentType?: string; body: string } | 'hang' | 'reset';

export interface ProviderServer {
  port: number;
  requests: RecordedRequest[];
  /** Resolves when the fake provider has read `count` requests in all. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 standing in for a provider's API, so adapter tests drive the real
 * SDK clients through their real HTTP stacks. Nothing leaves the machine.
 */
export async function startProviderServer(reply: (request: RecordedRequest, index: number) => Reply): Promise<ProviderServer> {
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      for (const w of waiters.filter((w) => requests.length >= w.count)) w.resolve();
      const answer = reply(recorded, requests.length - 1);
      if (answer === 'hang') return;
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json;charset=utf-8' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    received: (count) => (requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening on it: connecting is refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const json = (value: unknown, status = 200): Reply => ({ status, body: JSON.stringify(value) });
