import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { serveApp } from '../../cli/serve-app';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { LEDGER_COLUMNS, registrationToRow } from '../../shared/domain/ledger/columns';
import { escalatedWorld } from '../helpers/escalated-world';
import { stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

let world: World;
let server: Awaited<ReturnType<typeof serveApp>>;
const token: Record<string, string> = {};
let ids = 0;
const web = mkdtempSync(join(tmpdir(), 'tanfang-web-'));

async function call(method: string, path: string, as?: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(as ? { authorization: `Bearer ${token[as] ?? as}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Record<string, unknown> & { errors?: { field: string; rule: string }[] }, text };
}

function ledgerCsv(seed: number, badRow = true): Buffer {
  const regs = syntheticLedger({ runtime: world.runtime, seed, elders: 3, asOf: '2026-11-01' }).registrations;
  const rows = regs.map((r) => ['', ...registrationToRow(elderRegistrationSchema.parse(r)).slice(1)]);
  if (badRow) rows[1]![3] = '510108194611230021';
  return Buffer.from([LEDGER_COLUMNS.map((c) => c.header), ...rows].map((r) => r.join(',')).join('\n'));
}

async function startUpload(as: string, file: Buffer, name = '台账.csv', contentType = 'text/csv') {
  return call('POST', '/ledger/uploads', as, { fileName: name, contentType, size: file.length });
}
const put = (url: string, type: string, body: Buffer) => fetch(`${server.url}${url}`, { method: 'PUT', headers: { 'content-type': type }, body: new Uint8Array(body) });

beforeAll(async () => {
  world = await escalatedWorld([
    { personId: 'admin-2', name: '管理员二', roles: ['admin'], areaCode: '510108', active: true },
    { personId: 'bureau-city', name: '市局', roles: ['bureau'], areaCode: '510100', active: true },
  ]);
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>探访关爱</title><script type="module" src="/assets/app-abc123.js"></script>');
  writeFileSync(join(web, 'assets', 'app-abc123.js'), `console.log(${JSON.stringify('探访'.repeat(500))});`);
  writeFileSync(join(tmpdir(), 'secret.txt'), 'not yours');
  server = await serveApp({
    repos: world.repos,
    runtime: world.runtime,
    clock: world.clock,
    uploadsDir: mkdtempSync(join(tmpdir(), 'tanfang-up-')),
    idKey: 'test-key',
    webRoot: web,
    ids: { next: () => `UPLOAD${String(++ids).padStart(8, '0')}` },
  });
  for (const [name, id] of Object.entries({
    visitor: 'vis-510108001001-1',
    liaison: 'lia-510108001001',
    instructor: 'ins-510108001',
    otherInstructor: 'ins-510108002',
    supervisor: 'sup-county',
    admin: 'admin-1',
    admin2: 'admin-2',
    bureau: 'bureau-city',
  }))
    token[name] = await signDevToken(id, [], { now: world.clock.now() });
});

afterAll(async () => {
  await server?.close();
  await stopDynamo();
});

describe('GET /auth/config', () => {
  it('tells the field app to sign in with development tokens locally, without a token', async () => {
    expect(await call('GET', '/auth/config')).toMatchObject({ status: 200, json: { kind: 'development' } });
  });
});

describe('GET /escalations: the escalation inbox', () => {
  it("lists a township's missed and escalated tasks with level and days overdue, and nothing of another township", async () => {
    const mine = await call('GET', '/escalations?limit=200', 'instructor');
    const list = mine.json.escalations as { villageCode: string; level: number; daysOverdue: number; state: string; dueAt: string }[];
    expect(mine.status).toBe(200);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((e) => e.villageCode.startsWith('510108001'))).toBe(true);
    expect(list.every((e) => e.daysOverdue === Math.floor((Date.parse('2026-11-20T10:00:00+08:00') - Date.parse(e.dueAt)) / 86_400_000))).toBe(true);
    expect(list.some((e) => e.level >= 1 || e.state === 'missed')).toBe(true);
    expect(JSON.stringify(mine.json)).not.toMatch(/residentId|\d{17}[\dX]/);
    const other = (await call('GET', '/escalations?limit=200', 'otherInstructor')).json.escalations as { villageCode: string }[];
    expect(other.every((e) => e.villageCode.startsWith('510108002'))).toBe(true);
  });

  it('a county supervisor and a city bureau see the whole county; a liaison only the village', async () => {
    const county = (await call('GET', '/escalations?limit=200', 'supervisor')).json.escalations as unknown[];
    const township = (await call('GET', '/escalations?limit=200', 'instructor')).json.escalations as unknown[];
    const city = (await call('GET', '/escalations?limit=200', 'bureau')).json.escalations as unknown[];
    const village = (await call('GET', '/escalations?limit=200', 'liaison')).json.escalations as { villageCode: string }[];
    expect(county.length).toBeGreaterThan(township.length);
    expect(city).toEqual(county);
    expect(village.every((e) => e.villageCode === '510108001001')).toBe(true);
  });

  it("refuses visitors, areas outside the caller's own, and area codes that are not codes", async () => {
    expect((await call('GET', '/escalations', 'visitor')).status).toBe(403);
    expect((await call('GET', '/escalations?area=510108002', 'instructor')).status).toBe(403);
    expect((await call('GET', '/escalations?area=510108', 'instructor')).status).toBe(403);
    expect((await call('GET', '/escalations')).status).toBe(401);
    expect(await call('GET', '/escalations?area=51010800x', 'supervisor')).toMatchObject({ status: 400, json: { errors: [{ field: 'query.area' }] } });
    expect((await call('GET', '/escalations?limit=100000', 'supervisor')).status).toBe(400);
  });

  it('pages with an opaque cursor, every task once, and refuses a forged or foreign cursor naming the field', async () => {
    const all = (await call('GET', '/escalations?limit=200', 'supervisor')).json.escalations as { elderId: string; taskId: string }[];
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('GET', `/escalations?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'supervisor');
      seen.push(...(page.json.escalations as { elderId: string; taskId: string }[]).map((e) => `${e.elderId}#${e.taskId}`));
      cursor = page.json.next as string | undefined;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => `${e.elderId}#${e.taskId}`));
    const forged = [
      Buffer.from('null').toString('base64url'),
      Buffer.from('{"i":0,"k":{"elderId":{"S":"x"}}}').toString('base64url'),
      'not-base64-$$',
      Buffer.from('{"i":5}').toString('base64url'),
      Buffer.from(JSON.stringify({ i: 0, k: { elderId: 'E', taskId: 'T', escalatedCounty: '510104', escalatedSort: 'x' } })).toString('base64url'),
    ];
    for (const c of forged) expect(await call('GET', `/escalations?cursor=${encodeURIComponent(c)}`, 'supervisor')).toMatchObject({ status: 400, json: { errors: [{ field: 'query.cursor' }] } });
  });

  it('an acknowledged task shows who acknowledged it; a resolved one leaves the inbox', async () => {
    const [first, second] = (await call('GET', '/escalations?limit=200', 'instructor')).json.escalations as { elderId: string; taskId: string }[];
    await call('POST', `/tasks/${first!.elderId}/${encodeURIComponent(first!.taskId)}/acknowledge`, 'instructor', {});
    await call('POST', `/tasks/${second!.elderId}/${encodeURIComponent(second!.taskId)}/resolve`, 'instructor', { resolution: 'hospitalised' });
    const after = (await call('GET', '/escalations?limit=200', 'instructor')).json.escalations as { elderId: string; taskId: string; acknowledged?: { by: string } }[];
    expect(after.find((e) => e.elderId === first!.elderId && e.taskId === first!.taskId)?.acknowledged?.by).toBe('ins-510108001');
    expect(after.some((e) => e.elderId === second!.elderId && e.taskId === second!.taskId)).toBe(false);
  });
});

describe('ledger uploads straight to storage, imported when they land', () => {
  /** PUTs the file, waits for the in-process import its arrival starts, and answers the upload's status. */
  async function landed(url: string, type: string, file: Buffer, id: string) {
    const stored = await put(url, type, file);
    await server.importsSettled();
    return { put: stored.status, status: await call('GET', `/ledger/uploads/${id}`, 'admin') };
  }

  it('imports a CSV once when it lands and keeps the row report on the upload, where the status answers it', async () => {
    const file = ledgerCsv(301);
    const started = await startUpload('admin', file);
    expect(started).toMatchObject({ status: 201, json: { method: 'PUT', headers: { 'content-type': 'text/csv' }, maxBytes: 30 * 1024 * 1024 } });
    const id = started.json.uploadId as string;
    expect(await call('GET', `/ledger/uploads/${id}`, 'admin')).toMatchObject({ status: 200, json: { status: 'pending' } });
    const { put: stored, status } = await landed(started.json.url as string, 'text/csv', file, id);
    expect(stored).toBe(200);
    expect(status).toMatchObject({ status: 200, json: { status: 'imported', report: { created: 2, badRows: 1, badCells: 1, bad: [{ row: 3, column: '公民身份号码' }] } } });
  });

  it('no longer imports through the API: the import route is gone', async () => {
    const file = ledgerCsv(306, false);
    const started = await startUpload('admin', file);
    expect((await call('POST', `/ledger/uploads/${started.json.uploadId}/import`, 'admin')).status).toBe(404);
  });

  it('refuses oversized, empty and wrongly typed uploads before any URL is given, naming the field', async () => {
    const base = { fileName: '台账.csv', contentType: 'text/csv', size: 100 };
    expect(await call('POST', '/ledger/uploads', 'admin', { ...base, size: 31 * 1024 * 1024 })).toMatchObject({ status: 400, json: { errors: [{ field: 'size' }] } });
    expect(await call('POST', '/ledger/uploads', 'admin', { ...base, size: 0 })).toMatchObject({ status: 400, json: { errors: [{ field: 'size' }] } });
    expect(await call('POST', '/ledger/uploads', 'admin', { ...base, contentType: 'application/x-msdownload' })).toMatchObject({ status: 400, json: { errors: [{ field: 'contentType' }] } });
    expect(await call('POST', '/ledger/uploads', 'admin', { ...base, fileName: '台账.exe' })).toMatchObject({ status: 400, json: { errors: [{ field: 'fileName' }] } });
    expect(await call('POST', '/ledger/uploads', 'admin', { ...base, extra: 1 })).toMatchObject({ status: 400 });
    expect((await call('POST', '/ledger/uploads', 'instructor', base)).status).toBe(403);
  });

  it("treats someone else's upload id as no upload at all, and a forged id as a bad field", async () => {
    const file = ledgerCsv(302, false);
    const started = await startUpload('admin', file);
    await put(started.json.url as string, 'text/csv', file);
    await server.importsSettled();
    const id = started.json.uploadId as string;
    expect((await call('GET', `/ledger/uploads/${id}`, 'admin2')).status).toBe(404);
    expect(await call('GET', '/ledger/uploads/..%2F..%2Fetc', 'admin')).toMatchObject({ status: 400, json: { errors: [{ field: 'path.uploadId' }] } });
    expect(await call('GET', '/ledger/uploads/UPLOAD99999999', 'admin')).toMatchObject({ status: 404 });
  });

  it('refuses a file whose bytes are not the declared sheet, with the reason in Chinese on the status', async () => {
    const fake = Buffer.from('this is not a zip file at all');
    const xlsx = await startUpload('admin', fake, '台账.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const refused = await landed(xlsx.json.url as string, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fake, xlsx.json.uploadId as string);
    expect(refused).toMatchObject({ put: 200, status: { json: { status: 'rejected', reason: expect.stringContaining('not an XLSX'), message: expect.stringContaining('不是 XLSX 文件') } } });
    const zipped = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40)]);
    const broken = await startUpload('admin', zipped, '台账.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const unreadable = await landed(broken.json.url as string, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zipped, broken.json.uploadId as string);
    expect(unreadable.status.json).toMatchObject({ status: 'rejected', reason: expect.stringContaining('could not be read'), message: expect.stringContaining('无法读取为表格') });
  });

  it('the local upload URL is presigned: another size, type, key or an expired URL is refused, and nothing is kept or imported', async () => {
    const file = ledgerCsv(304, false);
    const started = await startUpload('admin', file);
    const url = started.json.url as string;
    expect((await put(url, 'text/plain', file)).status).toBe(403);
    expect((await put(url, 'text/csv', Buffer.concat([file, Buffer.from('x')]))).status).toBe(413);
    expect((await put(url, 'text/csv', file.subarray(1))).status).toBe(400);
    expect((await put(url.replace('sig=', 'sig=00'), 'text/csv', file)).status).toBe(403);
    expect((await put(url.replace(/ledger\/[^?]+/, 'ledger/%2e%2e%2f%2e%2e%2fsecret.csv'), 'text/csv', file)).status).toBe(403);
    expect((await put(url.replace(/ledger\/[^?]+/, 'ledger/../../secret.csv'), 'text/csv', file)).status).not.toBe(200);
    expect((await put(url.replace(/size=\d+/, 'size=99999999'), 'text/csv', file)).status).toBe(403);
    await server.importsSettled();
    expect(await call('GET', `/ledger/uploads/${started.json.uploadId}`, 'admin')).toMatchObject({ json: { status: 'pending' } });
    world.clock.set('2026-11-20T10:30:00+08:00');
    expect((await put(url, 'text/csv', file)).status).toBe(403);
    expect(await call('GET', `/ledger/uploads/${started.json.uploadId}`, 'admin')).toMatchObject({ json: { status: 'expired' } });
    world.clock.set('2026-11-20T10:00:00+08:00');
  });
});

describe('tanfang serve: the field app on the API origin', () => {
  it('serves the app with a CSP without unsafe-inline, no caching of the page, year-long caching of hashed assets', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const asset = await fetch(`${server.url}/assets/app-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await asset.text()).startsWith('console.log')).toBe(true);
  });

  it('compresses text assets for phones that accept gzip', async () => {
    const { request } = await import('node:http');
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${server.url}/assets/app-abc123.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toContain('探访');
    expect(raw.body.length).toBeLessThan(3000);
  });

  it('serves nothing outside the app folder and leaves every other path to the API', async () => {
    for (const path of ['/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/missing.js', '/assets/app-abc123.js.map']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.text()).not.toContain('not yours');
    }
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("stamps every answer with the server's clock (the app times visits by it)", async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.headers.get('date')).toBe(new Date('2026-11-20T10:00:00+08:00').toUTCString());
  });
});
