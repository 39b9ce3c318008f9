import type { z } from 'zod';
import type { Principal } from '../domain/access/access';
import { TaskTransitionError } from '../domain/task/lifecycle';
import { formatIssues, safeParseClean, ValidationError } from '../domain/validation';
import type { FieldIssue } from '../domain/validation';
import { localizeIssues, problemZh } from '../domain/messages/localize';

/**
 * The HTTP API as plain data: each route names its method, path, who may call it, the zod
 * schemas of its path parameters, query and body, the schema of its answer, and a handler.
 * The same table drives the Lambda behind API Gateway, `tanfang serve` on loopback, and the
 * OpenAPI document, so the three cannot drift apart.
 */
export interface ApiRequest {
  method: string;
  /** The path without the query string, e.g. `/elders/E000001`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string | undefined;
  /** The caller's person id from the verified token (API Gateway's JWT authorizer, or a dev token locally). */
  personId?: string | undefined;
  /** API Gateway's request id (locally a random one): ties audit entries to access logs. */
  requestId: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Undefined only on public routes. */
  principal: Principal;
  requestId: string;
}

export interface Route<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  summary: string;
  /** Who may call it at all (finer, area-scoped decisions are the handler's, through the access module). */
  auth: 'public' | 'user';
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** 200 unless said otherwise. */
  status?: number;
  handle: (ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<z.input<R>>;
}

/** Any route, whatever its schemas (the table holds routes of many shapes). */
export type AnyRoute = Route<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/** Declares a route with its schemas inferred, so a handler is type-checked against them. */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(r: Route<P, Q, B, R>): AnyRoute {
  return r as unknown as AnyRoute;
}

export const MAX_BODY_BYTES = 256 * 1024;

/** An answer that is not a success: RFC 9457 problem details. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  /** Each field issue with its code and Chinese message. */
  readonly errors: readonly FieldIssue[];
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    errors: readonly FieldIssue[] = [],
  ) {
    super(detail);
    this.errors = localizeIssues(errors);
  }
}

export const forbidden = (reason: string) => new ApiProblem(403, 'Forbidden', reason);
export const notFound = (what: string) => new ApiProblem(404, 'Not Found', what);

const json = (status: number, body: unknown, type = 'application/json'): ApiResponse => ({ status, headers: { 'content-type': type }, body: JSON.stringify(body) });

/** RFC 9457 problem details, with the machine-readable `code` and the Chinese `message` office staff read (extension members). */
function problem(p: ApiProblem, path: string): ApiResponse {
  const zh = problemZh(p.status, p.message, p.errors);
  return json(p.status, { type: 'about:blank', title: p.title, status: p.status, detail: p.message, code: zh.code, message: zh.message, instance: path, ...(p.errors.length ? { errors: p.errors } : {}) }, 'application/problem+json');
}

function parsePart<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> | undefined {
  if (!schema) return undefined;
  const r = safeParseClean(schema, value);
  if (!r.success)
    throw new ApiProblem(
      400,
      'Bad Request',
      `the ${where} is invalid`,
      r.issues.map((i) => ({ ...i, field: i.field === '(root)' ? where : `${where}.${i.field}` })),
    );
  return r.data;
}

/** A path segment as text; malformed percent-encoding (`%E0%A4%A`) is the caller's error, not ours. */
function decodeSegment(segment: string, name: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiProblem(400, 'Bad Request', 'the path is invalid', [{ field: `path.${name}`, rule: 'is not valid percent-encoded UTF-8' }]);
  }
}

/** `/elders/{elderId}` against `/elders/E1` → `{ elderId: 'E1' }`, or undefined. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    if (seg.startsWith('{') && seg.endsWith('}')) params[seg.slice(1, -1)] = decodeSegment(p[i]!, seg.slice(1, -1));
    else if (seg !== p[i]) return undefined;
  }
  return params;
}

/**
 * Serves one request: finds the route, checks the caller, parses every part with its schema
 * (unknown fields rejected), runs the handler, and checks the answer against its schema too.
 * Every failure is a problem+json naming the fields and rules.
 */
export async function handleRequest(routes: readonly AnyRoute[], loadPrincipal: (personId: string) => Promise<Principal | undefined>, req: ApiRequest): Promise<ApiResponse> {
  try {
    const candidates = routes.map((r) => ({ r, params: matchPath(r.path, req.path) })).filter((c) => c.params);
    if (candidates.length === 0) throw notFound(`no route ${req.path}`);
    const found = candidates.find((c) => c.r.method === req.method);
    if (!found) throw new ApiProblem(405, 'Method Not Allowed', `${req.method} is not allowed on ${req.path}; use ${candidates.map((c) => c.r.method).join(', ')}`);
    const { r, params } = found;
    let principal: Principal | undefined;
    if (r.auth === 'user') {
      if (!req.personId) throw new ApiProblem(401, 'Unauthorized', 'a valid token is required');
      principal = await loadPrincipal(req.personId);
      if (!principal || !principal.active) throw new ApiProblem(401, 'Unauthorized', `${req.personId} is not an active person on the roster`);
    }
    let body: unknown;
    if (r.body) {
      const raw = req.body ?? '';
      if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) throw new ApiProblem(413, 'Content Too Large', `the body is larger than ${MAX_BODY_BYTES / 1024} KiB`);
      const type = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
      if (!/json/i.test(type)) throw new ApiProblem(415, 'Unsupported Media Type', 'send the body as application/json');
      try {
        body = JSON.parse(raw);
      } catch (error) {
        throw new ApiProblem(400, 'Bad Request', `the body is not JSON: ${(error as Error).message}`);
      }
    }
    const result = await r.handle({
      params: parsePart(r.params, params, 'path'),
      query: parsePart(r.query, req.query, 'query'),
      body: parsePart(r.body, body, 'body'),
      principal: principal as Principal,
      requestId: req.requestId,
    });
    const checked = r.response.safeParse(result);
    if (!checked.success)
      throw new Error(
        `${r.method} ${r.path} answered outside its schema: ${formatIssues(checked.error)
          .map((i) => `${i.field}: ${i.rule}`)
          .join('; ')}`,
      );
    return json(r.status ?? 200, checked.data);
  } catch (error) {
    if (error instanceof ApiProblem) return problem(error, req.path);
    if (error instanceof ValidationError) return problem(new ApiProblem(400, 'Bad Request', error.message, error.issues), req.path);
    if (error instanceof TaskTransitionError) return problem(new ApiProblem(409, 'Conflict', error.message), req.path);
    if (error instanceof Error && error.name === 'ForbiddenError') return problem(forbidden(error.message), req.path);
    if (error instanceof Error && error.name === 'ConflictError') return problem(new ApiProblem(409, 'Conflict', error.message, (error as Error & { issues?: FieldIssue[] }).issues ?? []), req.path);
    if (error instanceof Error && error.name === 'NotFoundError') return problem(notFound(error.message), req.path);
    throw error;
  }
}
