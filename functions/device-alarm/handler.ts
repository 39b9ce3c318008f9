import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { z } from 'zod';
import { createDocumentClient, tableNamesFromEnv } from '../../shared/adapters/dynamodb/client';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { fieldCipherFromEnv } from '../../shared/adapters/crypto/field-cipher';
import { secretsDeviceKeyring } from '../../shared/adapters/secrets/device-keys';
import { systemClock } from '../../shared/adapters/system';
import { handleDeviceAlarm } from '../../shared/http/device-alarm-endpoint';
import type { DeviceAlarmEndpointDeps } from '../../shared/http/device-alarm-endpoint';
import { regionRuntime, withSettings } from '../shared/settings';
import { logger, metrics, tracer } from '../shared/observability';

/** API Gateway HTTP API payload 2.0, as far as the endpoint reads it (no authorizer: the platform signs). */
const httpEventSchema = z.object({
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
});

export interface DeviceAlarmHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Smart-device alarms in: `POST /devices/alarms` on the HTTP API, without a JWT authorizer (a
 * device platform has no person's token), authenticated by the platform's HMAC signature in
 * the function before anything is read. Logs ids and outcomes only, never the body.
 */
export function createHandler(deps: () => DeviceAlarmEndpointDeps) {
  return middy(async (event: unknown): Promise<DeviceAlarmHttpResult> => {
    const e = httpEventSchema.parse(event);
    const body = e.isBase64Encoded && e.body ? Buffer.from(e.body, 'base64').toString('utf8') : e.body;
    const { response, result, platformId } = await handleDeviceAlarm(deps(), { method: e.requestContext.http.method, headers: e.headers, body });
    logger.info('device alarm', { status: response.status, platformId, outcome: result?.outcome, incidentId: result?.incidentId, alarms: result?.alarms });
    metrics.addMetric(response.status < 300 ? 'DeviceAlarmsTaken' : 'DeviceAlarmsRefused', MetricUnit.Count, 1);
    if (result?.outcome === 'raised') metrics.addMetric('DeviceIncidentsRaised', MetricUnit.Count, 1);
    return { statusCode: response.status, headers: response.headers, body: response.body };
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings())
    .use(logMetrics(metrics));
}

let lambdaDeps: DeviceAlarmEndpointDeps | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= { ...dynamoRepositories(createDocumentClient(), tableNamesFromEnv(), { cipher: fieldCipherFromEnv(), retention: regionRuntime.config.retention }), clock: systemClock, runtime: regionRuntime, keys: secretsDeviceKeyring() };
  return lambdaDeps;
});
