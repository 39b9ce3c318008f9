import { observeServerDate } from './clock';
import { currentToken, signOut } from '../auth/session';

/** A problem answer (RFC 9457) from the API, or a network failure (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly errors: { field: string; rule: string }[] = [],
  ) {
    super(message);
  }
  /** No answer at all (offline, timeout) or a server fault: worth trying again later. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

/** Where the API is: the same origin locally; in AWS the deployment writes it into /app-config.json. */
let base = '';
export function setApiBase(url: string): void {
  base = url.replace(/\/$/, '');
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const token = currentToken();
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, '网络不可用');
  }
  observeServerDate(res.headers.get('date'));
  const text = await res.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    // `message` is the problem in Chinese (the API adds it beside the English detail).
    const p = (json ?? {}) as { message?: string; detail?: string; title?: string; errors?: { field: string; rule: string }[] };
    if (res.status === 401) signOut();
    throw new ApiError(res.status, p.message ?? p.detail ?? p.title ?? `HTTP ${res.status}`, p.errors ?? []);
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Puts a file to a (presigned) upload URL: S3 in AWS, the local server's folder locally. */
export async function putFile(url: string, headers: Record<string, string>, file: Blob): Promise<void> {
  const res = await fetch(url.startsWith('/') ? `${base}${url}` : url, { method: 'PUT', headers, body: file }).catch(() => undefined);
  if (!res) throw new ApiError(0, '网络不可用');
  if (!res.ok) throw new ApiError(res.status, (await res.text()) || `HTTP ${res.status}`);
}
