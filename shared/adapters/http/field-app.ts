import type { IncomingMessage, ServerResponse } from 'node:http';
import { LOCAL_UPLOAD_PATH } from '../storage/local-ledger-storage';
import type { LocalLedgerStorage, ReceiveResult } from '../storage/local-ledger-storage';
import { staticFiles } from './static-files';

/**
 * What `tanfang serve` answers besides the API, on the same origin: the field app's files and
 * the PUTs of ledger files to their (locally presigned) upload URLs. A file kept is handed to
 * `onStored`, as S3 hands a landed object to its event notification.
 */
export function fieldAppHandler(options: { webRoot: string; storage: LocalLedgerStorage; onStored?: (file: NonNullable<ReceiveResult['stored']>) => void }) {
  const serveStatic = staticFiles(options.webRoot);
  return async function fieldApp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname.startsWith(LOCAL_UPLOAD_PATH)) {
      if (req.method !== 'PUT') {
        res.writeHead(405, { allow: 'PUT', 'content-type': 'text/plain; charset=utf-8' }).end('PUT the file here');
        return true;
      }
      const result = await options.storage.receive(url, req.headers['content-type'] ?? '', req);
      // Stop reading a refused body (too large, bad signature) instead of draining it.
      res.writeHead(result.status, { 'content-type': 'text/plain; charset=utf-8', ...(result.status >= 400 ? { connection: 'close' } : {}) }).end(result.detail);
      if (result.status >= 400) req.destroy();
      if (result.stored) options.onStored?.(result.stored);
      return true;
    }
    return serveStatic(req, res, url);
  };
}
