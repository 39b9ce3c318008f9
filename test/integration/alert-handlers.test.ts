import type { ApplyOccasionReport } from '../../shared/app/apply-occasion';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as applyHandler, occasionStreamEvent } from '../../functions/apply-occasion/handler';
import { createHandler as ingestHandler } from '../../functions/ingest-alert/handler';
import type { HttpResponse } from '../../functions/ingest-alert/handler';
import { lambdaContext } from '../../cli/simulation/lambda-context';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

afterAll(stopDynamo);

const cap = readFileSync(join(import.meta.dirname, '../fixtures/alerts/heat-red-alert.xml'), 'utf8');
const post = (body: string, contentType: string) => ({ requestContext: { http: { method: 'POST' } }, headers: { 'Content-Type': contentType }, body, isBase64Encoded: false });

describe('ingest-alert and apply-occasion handlers on dynalite', () => {
  let world: World;
  let ingest: ReturnType<typeof ingestHandler>;
  beforeAll(async () => {
    world = await newWorld('sichuan', '2026-07-20T10:05:00+08:00');
    await loadLedger(world, { elders: 60, asOf: '2026-07-01' });
    ingest = ingestHandler(() => ({ occasions: world.repos.occasions, clock: world.clock, runtime: world.runtime }));
  });

  it('takes a CAP alert by POST (201), answers a repeat with 200 duplicate, and the stream event applies it', async () => {
    const first = (await ingest(post(cap, 'application/cap+xml'), lambdaContext('ingest-alert'))) as HttpResponse;
    expect(first.statusCode).toBe(201);
    expect(JSON.parse(first.body)).toMatchObject({ outcome: 'accepted', occasionId: 'alert:51010841600000_20260720100000' });
    // Repeated before its application finished, the message is resumed (its occasion written again for the stream).
    const early = (await ingest(post(cap, 'application/xml'), lambdaContext('ingest-alert'))) as HttpResponse;
    expect(early.statusCode).toBe(200);
    expect(JSON.parse(early.body)).toMatchObject({ outcome: 'resumed', apply: true });
    const apply = applyHandler(() => ({ ...world.repos, clock: world.clock, runtime: world.runtime }));
    // No jobs queue given: the handler applies the occasion itself, part after part (the stack's planner fans out).
    const [report] = (await apply(occasionStreamEvent(['alert:51010841600000_20260720100000']), lambdaContext('apply-occasion'))) as ApplyOccasionReport[];
    expect(report).toMatchObject({ status: 'active' });
    expect(report!.tasksCreated).toBe(report!.elders);
    const again = (await ingest(post(cap, 'application/xml'), lambdaContext('ingest-alert'))) as HttpResponse;
    expect(JSON.parse(again.body)).toMatchObject({ outcome: 'duplicate', apply: false });
  });

  it('takes a warning through the HTTP API route that replaces the function URL in China (payload 2.0, IAM-authorized)', async () => {
    // A warning this deployment serves, sent before the clock (another region's, or one from the future, is refused).
    const body = cap.replace('20260720100000<', '20260720100002<');
    const apiGatewayEvent = {
      version: '2.0',
      routeKey: 'POST /feeds/weather-alerts',
      rawPath: '/feeds/weather-alerts',
      rawQueryString: '',
      headers: { 'content-type': 'application/xml', host: 'abc123.execute-api.cn-northwest-1.amazonaws.com.cn' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123',
        authorizer: { iam: { accessKey: 'AKIAEXAMPLE', accountId: '123456789012', userArn: 'weather-feed' } },
        http: { method: 'POST', path: '/feeds/weather-alerts', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'feed' },
        requestId: 'r-feed-1',
        routeKey: 'POST /feeds/weather-alerts',
        stage: '$default',
      },
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
    };
    const answer = (await ingest(apiGatewayEvent, lambdaContext('ingest-alert'))) as HttpResponse;
    expect([answer.statusCode, JSON.parse(answer.body).outcome]).toEqual([201, 'accepted']);
  });

  it('answers bad input with 400 problem+json naming the field, and stores nothing', async () => {
    const bad = (await ingest(post(cap.replace('<status>Actual</status>', '<status>Exercise</status>').replace('20260720100000<', '20260720100001<'), 'application/xml'), lambdaContext('ingest-alert'))) as HttpResponse;
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(bad.body)).toMatchObject({ status: 400, errors: [{ field: 'alert.status', rule: expect.stringMatching(/only Actual alerts raise visits/) }] });
    expect(await world.repos.occasions.messageOccasion({ sender: '成华区气象台', identifier: '51010841600000_20260720100001', sent: '2026-07-20T10:00:00+08:00' })).toBeUndefined();
    expect(await world.repos.occasions.get('alert:51010841600000_20260720100001')).toBeUndefined();
    const notJson = (await ingest(post('{"identifier":', 'application/json'), lambdaContext('ingest-alert'))) as HttpResponse;
    expect(notJson.statusCode).toBe(400);
    expect(((await ingest({ requestContext: { http: { method: 'GET' } }, headers: {} }, lambdaContext('ingest-alert'))) as HttpResponse).statusCode).toBe(405);
  });

  it('takes an EventBridge "Weather Alert" event in the JSON form or carrying CAP', async () => {
    const json = {
      identifier: 'eb-1',
      sender: '成华区气象台',
      sent: '2026-07-20T10:00:00+08:00',
      event: 'rainstorm',
      level: 'yellow',
      areaCodes: ['510108002'],
      onset: '2026-07-20T10:00:00+08:00',
      expires: '2026-07-21T10:00:00+08:00',
    };
    expect(await ingest({ source: 'tanfang.weather', 'detail-type': 'Weather Alert', detail: json }, lambdaContext('ingest-alert'))).toMatchObject({ outcome: 'accepted', occasionId: 'alert:eb-1' });
    const capUpdate = cap
      .replace('<msgType>Alert</msgType>', '<msgType>Update</msgType><references>成华区气象台,51010841600000_20260720100000,2026-07-20T10:00:00+08:00</references>')
      .replace('20260720100000</identifier>', '20260720120000</identifier>')
      .replace('<sent>2026-07-20T10:00:00+08:00</sent>', '<sent>2026-07-20T12:00:00+08:00</sent>');
    world.clock.set('2026-07-20T12:05:00+08:00');
    expect(await ingest({ source: 'tanfang.weather', 'detail-type': 'Weather Alert', detail: { cap: capUpdate } }, lambdaContext('ingest-alert'))).toMatchObject({ outcome: 'updated', occasionId: 'alert:51010841600000_20260720100000' });
    await expect(ingest({ source: 'tanfang.weather', 'detail-type': 'Weather Alert', detail: { ...json, identifier: 'eb-2', level: 'pink' } }, lambdaContext('ingest-alert'))).rejects.toThrow(/level: must be one of/);
    await expect(ingest({ source: 'x', 'detail-type': 'Something Else', detail: {} }, lambdaContext('ingest-alert'))).rejects.toThrow(/must be a function URL request or an EventBridge "Weather Alert" event/);
  });

  it('refuses a stream record that is not an occasion item', async () => {
    const apply = applyHandler(() => ({ ...world.repos, clock: world.clock, runtime: world.runtime }));
    await expect(apply({ Records: [{ eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'stats#x' } } } }] }, lambdaContext('apply-occasion'))).rejects.toThrow(/must be an occasion item key/);
  });
});
