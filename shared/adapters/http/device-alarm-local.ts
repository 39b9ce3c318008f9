import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEVICE_ALARM_PATH, handleDeviceAlarm, MAX_ALARM_BYTES } from '../../http/device-alarm-endpoint';
import type { DeviceAlarmEndpointDeps } from '../../http/device-alarm-endpoint';

/** Reads at most `limit` bytes of a body; undefined when it is longer (and reading stops). */
async function readLimited(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `POST /devices/alarms` on loopback (`tanfang serve`, the HTTP tests): the same endpoint the
 * device-alarm function runs behind API Gateway, answered before the OIDC-protected API.
 */
export function deviceAlarmRoute(deps: DeviceAlarmEndpointDeps) {
  return async function deviceAlarms(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname !== DEVICE_ALARM_PATH) return false;
    const body = await readLimited(req, MAX_ALARM_BYTES);
    if (body === undefined) {
      // Stop reading a body that cannot be an alarm instead of draining it.
      res
        .writeHead(413, { 'content-type': 'application/problem+json', connection: 'close' })
        .end(JSON.stringify({ type: 'about:blank', title: 'Content Too Large', status: 413, detail: `an alarm is at most ${MAX_ALARM_BYTES / 1024} KiB` }));
      req.destroy();
      return true;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
    const { response } = await handleDeviceAlarm(deps, { method: req.method ?? 'GET', headers, body });
    res.writeHead(response.status, response.headers).end(response.body);
    return true;
  };
}
