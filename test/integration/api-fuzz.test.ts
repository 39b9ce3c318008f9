import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationToRow, LEDGER_COLUMNS } from '../../shared/domain/ledger/columns';
import { startTestApi } from '../helpers/api';
import { UNEVENTFUL_FINDINGS } from '../helpers/visit-form';
import { apiWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

/**
 * Walks the OpenAPI document the API serves and throws generated bad input at every operation —
 * junk and hostile path segments, unknown and mistyped query values, broken JSON, wrong media
 * types, valid bodies with one field replaced by anything JSON can hold — as each role. Fixed
 * seed and a bounded number of requests, so it runs in `npm test`; any 5xx fails it.
 */
const SEED = 20261120;
const PER_OPERATION = 25;

const VISITOR = 'vis-510108001001-1';
const AS = ['admin-1', 'lia-510108001001', VISITOR, 'ins-510108002', undefined, 'not-a-token'] as const;

let world: World;
let api: Awaited<ReturnType<typeof startTestApi>>;

type Operation = { method: string; path: string; parameters: { name: string; in: 'path' | 'query' }[]; hasBody: boolean };

/** What a request to an operation looks like when it is right: the starting point of mutations. */
let valid: Record<string, unknown> = {};

beforeAll(async () => {
  world = await apiWorld();
  api = await startTestApi(world, ['admin-1', 'lia-510108001001', VISITOR, 'ins-510108002']);
  const task = (await world.repos.tasks.openForVisitor(VISITOR))[0]!;
  const form = (await world.repos.elders.get(task.elderId))!.registration;
  valid = {
    'POST /elders': form,
    'PUT /elders/{elderId}': form,
    'POST /elders/lookup': { residentId: form.residentId },
    'POST /elders/{elderId}/status': { state: 'hospitalised', since: '2026-11-20', note: '住院' },
    'POST /visits': {
      visitId: 'fuzz-v',
      elderId: task.elderId,
      taskId: task.taskId,
      visitorId: VISITOR,
      visitedAt: '2026-11-20T09:30:00+08:00',
      method: 'home',
      checkIn: '2026-11-20T09:30:00+08:00',
      checkOut: '2026-11-20T10:00:00+08:00',
      ...UNEVENTFUL_FINDINGS,
    },
    'POST /people': { personId: 'vis-fuzz', name: '测试', roles: ['visitor'], areaCode: '510108001001', phone: '13900001234' },
    'POST /alerts': { identifier: 'fuzz-1', sender: '气象台', sent: '2026-11-20T09:00:00+08:00', event: 'cold_wave', level: 'yellow', areaCodes: ['510108001'], onset: '2026-11-20T10:00:00+08:00', expires: '2026-11-21T10:00:00+08:00' },
    'POST /ledger/import': { csvBase64: Buffer.from([LEDGER_COLUMNS.map((c) => c.header), registrationToRow(form)].map((r) => r.join(',')).join('\n')).toString('base64') },
    'POST /tasks/{elderId}/{taskId}/acknowledge': { hours: 12 },
    'POST /tasks/{elderId}/{taskId}/reassign': { toVisitorId: 'vis-510108001002-1', reason: '休假' },
    'POST /tasks/{elderId}/{taskId}/resolve': { resolution: 'other', note: '测试' },
    'POST /people/{personId}/leave': { from: '2026-11-21', to: '2026-11-25', coverId: 'vis-510108001002-1', reason: '病假' },
    'POST /people/{personId}/tasks/move': { toVisitorId: 'vis-510108001002-1', reason: '调岗' },
    'POST /events': { eventId: 'fuzz-event', type: 'epidemic_lockdown', title: '封控', areaCodes: ['510108001'], from: '2026-11-20', to: '2026-11-22', homeVisitsSuspended: true },
    params: { elderId: task.elderId, taskId: task.taskId, personId: VISITOR, eventId: 'fuzz-event' },
    query: {
      'GET /elders': { area: '510108001', limit: '5' },
      'GET /elders/{elderId}': { purpose: '核对' },
      'GET /people': { area: '510108001' },
      'GET /visit-rates': { township: '510108001', month: '2026-11' },
      'GET /tasks': { view: 'today', visitorId: VISITOR },
    },
  };
});

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

/** Path segments an attacker tries: broken percent-encoding, traversal, NUL, overlong, astral and bidi text. */
const hostileSegment = fc.oneof(
  fc.constantFrom('%E0%A4%A', '%', '%%', '%00', '%C0%AF', '..', '%2e%2e', '%2F', '%u202E', 'null', '0', '-1', 'E000001%23x', '%F0%9F%98%80', 'a'.repeat(3000)),
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[/?#]/g, '')),
);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 50 }), fc.double(), fc.constantFrom(null, '', 1e308, -0, 5e-324, '\u0000', '\ud800', '__proto__'));
const brokenJson = fc.constantFrom('{', '{"a":', 'null', '[]', '"x"', '1e99999', '{"__proto__":{"x":1}}', '{"a":"\\ud800"}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '\u0000');

/** Every dotted path into a JSON value, for replacing one field. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function replaced(value: unknown, path: readonly string[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), by);
  return copy;
}

function requests(op: Operation) {
  const key = `${op.method} ${op.path}`;
  const base = valid[key];
  const body = op.hasBody
    ? fc.oneof(
        base === undefined ? anyValue.map((v) => JSON.stringify(v)) : fc.constantFrom(...paths(base)).chain((p) => anyValue.map((v) => JSON.stringify(replaced(base, p, v)))),
        brokenJson,
        anyValue.map((v) => JSON.stringify(v)),
      )
    : fc.constant(undefined);
  const params = fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, fc.oneof(hostileSegment, fc.constant(encodeURIComponent(String((valid.params as Record<string, string>)[p.name] ?? 'x'))))])));
  const names = [...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), 'x', '__proto__'];
  // Opaque values (a paging cursor) are base64url JSON: forge them from anything JSON can hold.
  const badValue = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('-1', '1e309', 'NaN', '0', '201', 'null', 'today', '%'),
    anyValue.map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
  );
  const good = Object.entries((valid.query as Record<string, Record<string, string>>)[key] ?? {});
  // A right query with one value made wrong reaches deeper than random keys alone.
  const mutated = fc.tuple(fc.constantFrom(...names, 'cursor'), badValue).map(([k, v]) => [...good.filter(([g]) => g !== k), [k, v] as [string, string]]);
  const random = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 6 })), badValue), { maxLength: 4 });
  const query = fc.oneof({ weight: 1, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: random }, { weight: 3, arbitrary: mutated });
  const type = fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/json; charset=gbk', '');
  // Mostly the administrator, who passes the role checks and so reaches the deepest code.
  const as = fc.oneof({ weight: 3, arbitrary: fc.constant(AS[0]) }, { weight: 2, arbitrary: fc.constantFrom(...AS) });
  return fc.record({ as, params, query, body, type });
}

/** Whether a text holds Chinese: office staff read the problem's `message` and each error's. */
const chinese = (text: unknown) => typeof text === 'string' && /[\u4e00-\u9fff]/.test(text);

/** What a refusal lacks for office staff: a code and a Chinese message, on the problem and on each field. */
function untranslated(json: Record<string, unknown> & { errors?: { field: string; rule: string; code?: string; message?: string }[] }): string[] {
  const gaps: string[] = [];
  if (typeof json.code !== 'string' || !chinese(json.message)) gaps.push(`problem: ${String(json.detail)}`);
  for (const e of json.errors ?? []) if (!e.code || e.code === 'untranslated' || !chinese(e.message)) gaps.push(`${e.field}: ${e.rule}`);
  return gaps;
}

describe('no request gets a 500', () => {
  it(`answers ${PER_OPERATION} generated bad requests to every operation of the OpenAPI document without a 5xx, each refusal with its code and Chinese message`, async () => {
    const doc = (await api.call('GET', '/openapi.json', 'admin-1')).json as { paths: Record<string, Record<string, { parameters: Operation['parameters']; requestBody?: unknown }>> };
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, parameters: op.parameters, hasBody: op.requestBody !== undefined })));
    expect(operations.length).toBeGreaterThan(15);
    const failures: string[] = [];
    const gaps = new Set<string>();
    let sent = 0;
    for (const [i, op] of operations.entries()) {
      for (const r of fc.sample(requests(op), { seed: SEED + i, numRuns: PER_OPERATION })) {
        const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => String(r.params[name]));
        const search = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const url = `${path}${search ? `?${search}` : ''}`;
        const answer = await api.call(op.method, url, r.as, r.body, r.type ? { 'content-type': r.type } : {});
        sent++;
        if (answer.status >= 500) failures.push(`${op.method} ${url} as ${r.as} body ${String(r.body).slice(0, 200)} → ${answer.status} ${answer.text.slice(0, 300)}`);
        else if (answer.status >= 400) for (const gap of untranslated(answer.json)) gaps.add(`${op.method} ${op.path} ${gap}`);
      }
    }
    expect(sent).toBe(operations.length * PER_OPERATION);
    expect(failures).toEqual([]);
    expect([...gaps].sort()).toEqual([]);
  }, 120_000);
});
