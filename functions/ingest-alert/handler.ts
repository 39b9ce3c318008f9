import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { z } from 'zod';
import { ingestAlert } from '../../shared/app/ingest-alert';
import type { AlertInput, IngestAlertDeps, IngestResult } from '../../shared/app/ingest-alert';
import { createDocumentClient, tableNameFromEnv } from '../../shared/adapters/dynamodb/client';
import { DynamoOccasionStore } from '../../shared/adapters/dynamodb/occasion-repository';
import { systemClock } from '../../shared/adapters/system';
import { ValidationError } from '../../shared/domain/validation';
import { runtimeFromEnv } from '../../shared/config/runtime';
import { logger, metrics, tracer } from '../shared/observability';

export type { IngestAlertDeps } from '../../shared/app/ingest-alert';

/** A POST through the function URL (payload format 2.0). */
const httpEventSchema = z.object({
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
});

/** An EventBridge event: `detail` is the JSON form, or `{ "cap": "<alert …>" }` for CAP XML. */
const busEventSchema = z.object({
  source: z.string(),
  'detail-type': z.literal('Weather Alert', { error: 'must be "Weather Alert"' }),
  detail: z.unknown(),
});

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const json = (statusCode: number, body: unknown, type = 'application/json'): HttpResponse => ({ statusCode, headers: { 'content-type': type }, body: JSON.stringify(body) });

/** RFC 9457 problem details naming each bad field and the rule it broke. */
function problem(error: ValidationError): HttpResponse {
  return json(400, { type: 'about:blank', title: 'Invalid weather alert', status: 400, detail: error.message, errors: error.issues }, 'application/problem+json');
}

/**
 * Weather warnings in: POSTed CAP 1.2 XML or JSON (HTTP), or an EventBridge "Weather Alert"
 * event. Validates, records the alert once and answers; applying it to the elders follows from
 * the occasions table's stream (apply-occasion), so a city-wide alert never holds the caller.
 */
export function createHandler(deps: () => IngestAlertDeps) {
  return middy(async (event: unknown): Promise<HttpResponse | IngestResult> => {
    const http = httpEventSchema.safeParse(event);
    if (http.success) {
      if (http.data.requestContext.http.method !== 'POST') return json(405, { title: 'POST a CAP 1.2 or JSON weather alert' });
      const body = http.data.isBase64Encoded ? Buffer.from(http.data.body ?? '', 'base64').toString('utf8') : (http.data.body ?? '');
      const contentType = Object.entries(http.data.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
      try {
        const result = await ingest(deps(), { body, contentType });
        return json(result.outcome === 'accepted' ? 201 : 200, result);
      } catch (error) {
        if (error instanceof ValidationError) {
          logger.warn('weather alert rejected', { issues: error.issues });
          metrics.addMetric('AlertsRejected', MetricUnit.Count, 1);
          return problem(error);
        }
        throw error;
      }
    }
    const bus = busEventSchema.safeParse(event);
    if (!bus.success) throw new ValidationError('ingest-alert event', [{ field: '(event)', rule: 'must be a function URL request or an EventBridge "Weather Alert" event' }]);
    const detail = bus.data.detail as { cap?: unknown };
    const input: AlertInput = typeof detail?.cap === 'string' ? { body: detail.cap, contentType: 'application/xml' } : { json: bus.data.detail };
    return ingest(deps(), input);
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

async function ingest(deps: IngestAlertDeps, input: AlertInput): Promise<IngestResult> {
  const result = await ingestAlert(deps, input);
  logger.info('weather alert ingested', { ...result });
  metrics.addMetric('AlertsIngested', MetricUnit.Count, 1);
  return result;
}

let lambdaDeps: IngestAlertDeps | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= { occasions: new DynamoOccasionStore(createDocumentClient(), tableNameFromEnv('occasions')), clock: systemClock, runtime: runtimeFromEnv() };
  return lambdaDeps;
});
