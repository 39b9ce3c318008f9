import { z } from 'zod';
import type { AnyRoute } from './api';

type Json = Record<string, unknown>;

const schema = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
};

/** Path and query parameters from an object schema's fields. */
function parameters(s: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!s) return [];
  const json = schema(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => ({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop }));
}

const problem = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    /** The machine-readable code of the problem (of its one field issue, when there is one). */
    code: { type: 'string' },
    /** The problem in Chinese, for office staff. */
    message: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['field', 'rule', 'code', 'message'], properties: { field: { type: 'string' }, rule: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
  },
};

/** The OpenAPI 3.1 document of the routes, generated from the same zod schemas the API runs. */
export function openApiDocument(routes: readonly AnyRoute[], info: { title: string; version: string }): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const op: Json = {
      operationId: `${r.method.toLowerCase()}${r.path
        .replace(/[{}]/g, '')
        .replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase())
        .replace(/[^A-Za-z0-9]/g, '')}`,
      summary: r.summary,
      security: r.auth === 'public' ? [] : [{ bearer: [] }],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body, 'input') } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: schema(r.response, 'output') } } },
        default: { description: 'A problem (RFC 9457), naming each bad field and rule', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
    paths[r.path] = { ...(paths[r.path] ?? {}), [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Problem: problem },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "An ID token from the region's OIDC issuer (in AWS; see GET /auth/config) or a development token from `tanfang token` (locally)" } },
    },
  };
}
