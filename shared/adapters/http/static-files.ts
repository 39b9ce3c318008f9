import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { securityHeaders } from './security-headers';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built field app (web/dist) on the API's origin: `/` is the app, `/assets/*` its
 * hashed files (cached for a year, immutable), everything else is left to the API. Only GET
 * and HEAD, only files inside the folder, only known types.
 */
export function staticFiles(root: string, options: { connectSources?: readonly string[] } = {}) {
  const base = normalize(root);
  const headers = securityHeaders(options.connectSources);
  // Compressed once per file version, as CloudFront does in AWS: phones on 3G pay for bytes.
  const compressed = new Map<string, Buffer>();
  return async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const isApp = url.pathname === '/' || url.pathname === '/index.html';
    if (!isApp && !url.pathname.startsWith('/assets/') && !/^\/[\w.-]+\.(png|ico|svg|webmanifest|txt|js)$/.test(url.pathname)) return false;
    let path: string;
    try {
      path = normalize(join(base, isApp ? 'index.html' : decodeURIComponent(url.pathname)));
    } catch {
      return false;
    }
    const type = TYPES[extname(path)];
    if (!path.startsWith(base + sep) || !type) return false;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) {
      if (!isApp) return false;
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end('The field app is not built: run `npm run web:build`.');
      return true;
    }
    let body: Buffer = await readFile(path);
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && /text|javascript|json|svg/.test(type);
    if (gzip) {
      const key = `${path}@${info.mtimeMs}`;
      body = compressed.get(key) ?? compressed.set(key, gzipSync(body, { level: 9 })).get(key)!;
    }
    res.writeHead(200, {
      'content-type': type,
      'content-length': String(body.length),
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      // Hashed file names change with their content; the page itself is checked every time.
      'cache-control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
