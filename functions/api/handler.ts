import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { z } from 'zod';
import { createDocumentClient, tableNamesFromEnv } from '../../shared/adapters/dynamodb/client';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { systemClock, ulidGenerator } from '../../shared/adapters/system';
import { S3LedgerStorage } from '../../shared/adapters/storage/s3-ledger-storage';
import { fieldCipherFromEnv } from '../../shared/adapters/crypto/field-cipher';
import { resolveIdKey } from '../../shared/config/id-key';
import { handleRequest } from '../../shared/http/api';
import type { ApiResponse } from '../../shared/http/api';
import { apiRoutes } from '../../shared/http/routes';
import type { ApiDeps } from '../../shared/http/routes';
import { personIdFromClaims } from '../../shared/adapters/http/person-claim';
import { regionRuntime, withSettings } from '../shared/settings';
import { idKeySecretValue } from '../shared/id-key-secret';
import { logger, tracer } from '../shared/observability';
import { withDeadlines } from '../shared/deadlines';

/** API Gateway HTTP API payload 2.0, as far as the API reads it; claims come from the JWT authorizer. */
const httpEventSchema = z.object({
  rawPath: z.string(),
  rawQueryString: z.string().default(''),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.object({
    http: z.object({ method: z.string() }),
    requestId: z.string().default('unknown'),
    authorizer: z.object({ jwt: z.object({ claims: z.record(z.string(), z.unknown()) }) }).optional(),
  }),
});

export interface ApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The API behind API Gateway: the same route table `tanfang serve` runs locally. The JWT
 * authorizer has checked the token (issuer, audience, signature, expiry); the person is read
 * from the claim the region config names.
 */
export function createHandler(deps: () => ApiDeps | Promise<ApiDeps>) {
  return middy(async (event: unknown): Promise<ApiResult> => {
    const e = httpEventSchema.parse(event);
    const body = e.isBase64Encoded && e.body ? Buffer.from(e.body, 'base64').toString('utf8') : e.body;
    const d = await deps();
    const claims = e.requestContext.authorizer?.jwt.claims;
    const personId = claims ? personIdFromClaims(claims, d.runtime.config.auth.personClaim) : undefined;
    const answer: ApiResponse = await handleRequest(apiRoutes(d), (id) => d.people.get(id), {
      method: e.requestContext.http.method,
      path: e.rawPath,
      query: Object.fromEntries(new URLSearchParams(e.rawQueryString)),
      headers: e.headers,
      body,
      personId,
      requestId: e.requestContext.requestId,
    });
    // Paths and status only: never bodies, which hold names, phones and ID numbers.
    logger.info('api request', { method: e.requestContext.http.method, path: e.rawPath, status: answer.status });
    return { statusCode: answer.status, headers: answer.headers, body: answer.body };
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings());
}

let lambdaDeps: Promise<ApiDeps> | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= resolveIdKey(idKeySecretValue).then((idKey) =>
    withDeadlines({
      ...dynamoRepositories(createDocumentClient(), tableNamesFromEnv(), { cipher: fieldCipherFromEnv(), idKey, retention: regionRuntime.config.retention }),
      clock: systemClock,
      runtime: regionRuntime,
      idKey,
      ...(process.env.TANFANG_UPLOAD_BUCKET ? { ledgerStorage: new S3LedgerStorage(process.env.TANFANG_UPLOAD_BUCKET), ids: ulidGenerator() } : {}),
    }),
  );
  return lambdaDeps;
});
