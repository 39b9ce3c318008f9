import { checkDeviceSignature } from '../adapters/http/device-signature';
import type { DeviceKeyring } from '../adapters/http/device-signature';
import { DeviceRefusedError, ingestDeviceAlarm } from '../app/device-alarm';
import type { DeviceAlarmDeps, DeviceAlarmResult } from '../app/device-alarm';
import { problemZh } from '../domain/messages/localize';
import { ValidationError } from '../domain/validation';
import type { FieldIssue } from '../domain/validation';
import type { ApiResponse } from './api';

/** Where device platforms POST alarms (outside the OIDC-protected routes: the platform signs each request). */
export const DEVICE_ALARM_PATH = '/devices/alarms';

/** An alarm is a few hundred bytes; anything much larger is not one. */
export const MAX_ALARM_BYTES = 16 * 1024;

export interface DeviceAlarmEndpointDeps extends DeviceAlarmDeps {
  keys: DeviceKeyring;
}

export interface DeviceAlarmRequest {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Problem details as the API gives them, with the code and Chinese message the region's office reads in the platform's logs. */
const problem = (status: number, title: string, detail: string, errors: readonly FieldIssue[] = []): ApiResponse => {
  const zh = problemZh(status, detail, errors);
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: 'about:blank', title, status, detail, code: zh.code, message: zh.message, instance: DEVICE_ALARM_PATH, ...(errors.length ? { errors } : {}) }),
  };
};

const header = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? '';

/**
 * One alarm request: authenticated before anything in it is read (the platform's HMAC over its
 * id, a timestamp and the exact body; a signature already used is a replay), then parsed and
 * taken by the use case. Every refusal is problem+json: 401 unsigned, late or replayed; 400 a
 * bad form (each field named) or a stale or future time; 403 a device or elder the platform may
 * not speak for; 422 an unknown, retired or mismatched device. 201 raised, 200 merged or duplicate.
 */
export async function handleDeviceAlarm(deps: DeviceAlarmEndpointDeps, req: DeviceAlarmRequest): Promise<{ response: ApiResponse; result?: DeviceAlarmResult | undefined; platformId?: string | undefined }> {
  if (req.method !== 'POST') return { response: { ...problem(405, 'Method Not Allowed', `POST an alarm to ${DEVICE_ALARM_PATH}`), headers: { 'content-type': 'application/problem+json', allow: 'POST' } } };
  const body = req.body ?? '';
  if (Buffer.byteLength(body, 'utf8') > MAX_ALARM_BYTES) return { response: problem(413, 'Content Too Large', `an alarm is at most ${MAX_ALARM_BYTES / 1024} KiB`) };
  const settings = deps.runtime.config.devices;
  const check = await checkDeviceSignature({ headers: req.headers, body, now: deps.clock.now(), toleranceSeconds: settings.signatureToleranceSeconds, keys: deps.keys });
  if (!check.ok) return { response: problem(401, 'Unauthorized', check.reason) };
  if (await deps.devices.signatureSpent(check.signatureHash))
    return { response: problem(401, 'Unauthorized', 'this signed request was already taken (a replay): sign each request, retries included, with a fresh timestamp'), platformId: check.platformId };
  if (!/json/i.test(header(req.headers, 'content-type'))) return { response: problem(415, 'Unsupported Media Type', 'send the alarm as application/json'), platformId: check.platformId };
  let alarm: unknown;
  try {
    alarm = JSON.parse(body);
  } catch (error) {
    return { response: problem(400, 'Bad Request', `the body is not JSON: ${(error as Error).message}`), platformId: check.platformId };
  }
  try {
    const result = await ingestDeviceAlarm(deps, { platformId: check.platformId, alarm });
    // Spent only once the alarm is taken: a request that failed half-way may be sent again as it was.
    await deps.devices.spendSignature(check.signatureHash, check.spendUntil);
    return { response: { status: result.outcome === 'raised' ? 201 : 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) }, result, platformId: check.platformId };
  } catch (error) {
    if (error instanceof ValidationError)
      return {
        response: problem(
          400,
          'Bad Request',
          error.message,
          error.issues.map((i) => ({ ...i, field: i.field === '(root)' ? 'body' : `body.${i.field}` })),
        ),
        platformId: check.platformId,
      };
    if (error instanceof DeviceRefusedError)
      return {
        response: problem(
          422,
          'Unprocessable Content',
          error.message,
          error.issues.map((i) => ({ ...i, field: `body.${i.field}` })),
        ),
        platformId: check.platformId,
      };
    if (error instanceof Error && error.name === 'ForbiddenError') return { response: problem(403, 'Forbidden', error.message), platformId: check.platformId };
    throw error;
  }
}
