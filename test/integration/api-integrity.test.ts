import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedHash } from '../../shared/adapters/crypto/field-cipher';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import type { ElderRegistration } from '../../shared/domain/elder/registration';
import { residentIdCheckChar } from '../../shared/domain/elder/id-number';
import { LEDGER_COLUMNS, registrationToRow } from '../../shared/domain/ledger/columns';
import { isActive } from '../../shared/domain/task/lifecycle';
import { idKeyFromEnv } from '../../shared/config/id-key';
import { startTestApi } from '../helpers/api';
import { UNEVENTFUL_FINDINGS } from '../helpers/visit-form';
import { apiWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

const VISITOR = 'vis-510108001001-1';
const NEIGHBOUR = 'vis-510108001002-1';
const LIAISON = 'lia-510108001001';
const INSTRUCTOR = 'ins-510108001';
const OTHER_INSTRUCTOR = 'ins-510108002';
const TOWNSHIP_ADMIN = 'admin-510108001';
const FAR_VISITOR = 'vis-510104001001-1';
const RETIRED_VISITOR = 'vis-510108001001-9';

let world: World;
let api: Awaited<ReturnType<typeof startTestApi>>;
let call: typeof api.call;

/** An ID number not in the ledger: the first one's body with another sequence and a fresh check digit. */
function freshNumber(like: string, sequence: number): string {
  const body = `${like.slice(0, 14)}${String(sequence).padStart(2, '0')}${like[16]}`;
  return `${body}${residentIdCheckChar(body)}`;
}

const csvOf = (rows: string[][]) => ({ csvBase64: Buffer.from([LEDGER_COLUMNS.map((c) => c.header), ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\n')).toString('base64') });

async function formOf(elderId: string): Promise<ElderRegistration> {
  return (await world.repos.elders.get(elderId))!.registration;
}

async function elderOf(visitorId: string, village: string): Promise<string> {
  const tasks = await world.repos.tasks.openForVisitor(visitorId);
  return tasks.find((t) => t.villageCode === village && t.kind === 'routine')!.elderId;
}

beforeAll(async () => {
  world = await apiWorld([
    { personId: TOWNSHIP_ADMIN, name: '街道管理员', roles: ['admin'], areaCode: '510108001', active: true },
    // On the roster, but not someone an elder of 510108 may be given: another county, and retired.
    { personId: FAR_VISITOR, name: '外区探访员', roles: ['visitor'], areaCode: '510104001001', active: true },
    { personId: RETIRED_VISITOR, name: '已离职', roles: ['visitor'], areaCode: '510108001001', active: false },
  ]);
  api = await startTestApi(world, [VISITOR, NEIGHBOUR, LIAISON, INSTRUCTOR, OTHER_INSTRUCTOR, TOWNSHIP_ADMIN, FAR_VISITOR, 'admin-1']);
  call = api.call;
});

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

describe('every write path checks the caller’s area', () => {
  it('a township administrator importing a sheet creates the elders of their township only; a row of another township is a bad row', async () => {
    const [mine, theirs] = syntheticLedger({ runtime: world.runtime, seed: 91, elders: 2, asOf: '2026-11-01' }).registrations.map((r) => elderRegistrationSchema.parse(r));
    const inside = { ...mine!, residentId: freshNumber(mine!.residentId, 71), residence: { ...mine!.residence, areaCode: '510108001001' }, visitorId: VISITOR };
    const outside = { ...theirs!, residentId: freshNumber(theirs!.residentId, 72), residence: { ...theirs!.residence, areaCode: '510108002001' }, visitorId: 'vis-510108002001-1' };
    const rows = [inside, outside].map((r) => ['', ...registrationToRow(r).slice(1)]);
    const answer = await call('POST', '/ledger/import', TOWNSHIP_ADMIN, csvOf(rows));
    expect(answer).toMatchObject({ status: 200, json: { created: 1, badRows: 1, bad: [{ row: 3, column: '居住地村(社区)代码', rule: expect.stringMatching(/outside your area: admin-510108001 works in area 510108001/) }] } });
    expect(await world.repos.elders.findByResidentId(outside.residentId)).toBeUndefined();
    // Renaming an elder of another township through a row is refused the same way (PUT already was).
    const theirsId = (await world.repos.elders.pageInArea({ county: '510108', prefix: '510108002' }, 1)).items[0]!.elderId;
    const theirForm = await formOf(theirsId);
    const renamed = registrationToRow({ ...theirForm, name: '改名' });
    expect((await call('PUT', `/elders/${theirsId}`, TOWNSHIP_ADMIN, { ...theirForm, name: '改名' })).status).toBe(403);
    expect(await call('POST', '/ledger/import', TOWNSHIP_ADMIN, csvOf([renamed]))).toMatchObject({ status: 200, json: { updated: 0, badRows: 1, bad: [{ column: '居住地村(社区)代码', rule: expect.stringMatching(/outside your area/) }] } });
    expect((await formOf(theirsId)).name).toBe(theirForm.name);
  });

  it('a visitor named on an elder must exist, be active and serve the elder’s township — on POST, PUT and an import row', async () => {
    const elderId = await elderOf(VISITOR, '510108001001');
    const form = await formOf(elderId);
    for (const [visitorId, rule] of [
      ['vis-nobody', /names nobody on the roster/],
      [RETIRED_VISITOR, /is no longer active/],
      [FAR_VISITOR, /outside the township of village 510108001001/],
      [LIAISON, /is not a visitor/],
    ] as const) {
      expect(await call('PUT', `/elders/${elderId}`, LIAISON, { ...form, visitorId })).toMatchObject({ status: 400, json: { errors: [{ field: 'visitorId', rule: expect.stringMatching(rule) }] } });
    }
    const row = registrationToRow({ ...form, visitorId: FAR_VISITOR });
    expect(await call('POST', '/ledger/import', 'admin-1', csvOf([row]))).toMatchObject({ status: 200, json: { updated: 0, badRows: 1, bad: [{ column: '探访人员编号' }] } });
    expect((await formOf(elderId)).visitorId).toBe(VISITOR);
    // A visitor who has left does not block recording what happened to the elder (a status
    // change); a move to another township does need a visitor there.
    const other = await elderOf('vis-510108001001-2', '510108001001');
    const otherForm = await formOf(other);
    await world.repos.people.save({ personId: 'vis-510108001001-8', name: '将离职', roles: ['visitor'], areaCode: '510108001001', active: true });
    expect((await call('PUT', `/elders/${other}`, LIAISON, { ...otherForm, visitorId: 'vis-510108001001-8' })).status).toBe(200);
    await world.repos.people.save({ personId: 'vis-510108001001-8', name: '将离职', roles: ['visitor'], areaCode: '510108001001', active: false });
    expect((await call('POST', `/elders/${other}/status`, LIAISON, { state: 'hospitalised', since: '2026-11-20' })).status).toBe(200);
    expect(await call('PUT', `/elders/${other}`, 'admin-1', { ...(await formOf(other)), residence: { ...otherForm.residence, areaCode: '510108002001' } })).toMatchObject({
      status: 400,
      json: { errors: [{ field: 'visitorId', rule: expect.stringMatching(/no longer active/) }] },
    });
    const { id: _id, ...fresh } = { ...form, residentId: freshNumber(form.residentId, 73), visitorId: 'vis-nobody' };
    expect(await call('POST', '/elders', LIAISON, fresh)).toMatchObject({ status: 400, json: { errors: [{ field: 'visitorId' }] } });
  });

  it('a task cannot be reassigned to a visitor of another township; reassigned within it, the record follows the task', async () => {
    const elderId = await elderOf(VISITOR, '510108001001');
    const open = (await world.repos.tasks.forElder(elderId)).filter((t) => isActive(t.state) && t.kind !== 'follow_up');
    const first = open[0]!;
    const path = `/tasks/${elderId}/${encodeURIComponent(first.taskId)}/reassign`;
    expect(await call('POST', path, INSTRUCTOR, { toVisitorId: FAR_VISITOR, reason: '原探访员休假' })).toMatchObject({ status: 400, json: { errors: [{ field: 'toVisitorId', rule: expect.stringMatching(/outside the township/) }] } });
    expect((await call('GET', `/elders/${elderId}`, FAR_VISITOR)).status).toBe(403);
    expect((await call('GET', `/elders/${elderId}`, NEIGHBOUR)).status).toBe(403);
    for (const t of open) expect((await call('POST', `/tasks/${elderId}/${encodeURIComponent(t.taskId)}/reassign`, INSTRUCTOR, { toVisitorId: NEIGHBOUR, reason: '原探访员休假' })).status).toBe(200);
    expect(await call('GET', `/elders/${elderId}`, NEIGHBOUR)).toMatchObject({ status: 200, json: { view: 'visit' } });
    expect((await call('GET', `/elders/${elderId}`, VISITOR)).status).toBe(403);
  });
});

describe('one ID number, one elder', () => {
  it('ten simultaneous POST /elders with one number (and ten ids) make one record', async () => {
    const base = elderRegistrationSchema.parse(syntheticLedger({ runtime: world.runtime, seed: 93, elders: 1, asOf: '2026-11-01' }).registrations[0]);
    const number = freshNumber(base.residentId, 81);
    const form = { ...base, residentId: number, residence: { ...base.residence, areaCode: '510108001001' }, visitorId: VISITOR };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call('POST', '/elders', LIAISON, { ...form, id: `RACE-${i}` })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 201)!.json.elderId as string;
    const same = await world.db.client.send(
      new QueryCommand({ TableName: world.names.registrations, IndexName: 'byIdHash', KeyConditionExpression: 'residentIdHash = :h', ExpressionAttributeValues: { ':h': keyedHash(number, idKeyFromEnv()) } }),
    );
    expect(same.Items?.map((i) => i.elderId)).toEqual([winner]);
    expect(await world.repos.elders.findByResidentId(number)).toBe(winner);
  });

  it('PUT and a ledger row cannot give an elder another elder’s number', async () => {
    const a = await elderOf(VISITOR, '510108001001');
    const b = (await world.repos.elders.pageInArea({ county: '510108', prefix: '510108002' }, 1)).items[0]!.elderId;
    const [formA, formB] = [await formOf(a), await formOf(b)];
    const stolen = { ...formB, residentId: formA.residentId, sex: formA.sex, ...(formB.disability ? { disability: undefined } : {}) };
    expect(await call('PUT', `/elders/${b}`, 'admin-1', stolen)).toMatchObject({ status: 409, json: { errors: [{ field: 'residentId', rule: `already registered as ${a}: one person, one record` }] } });
    expect(await call('POST', '/ledger/import', 'admin-1', csvOf([registrationToRow(elderRegistrationSchema.parse(stolen))]))).toMatchObject({
      status: 200,
      json: { updated: 0, badRows: 1, bad: [{ column: '公民身份号码', rule: expect.stringMatching(/already registered/) }] },
    });
    expect((await formOf(b)).residentId).toBe(formB.residentId);
    expect(await world.repos.elders.findByResidentId(formA.residentId)).toBe(a);
  });

  it('a number held in another township is refused without saying whose', async () => {
    const holder = await elderOf(VISITOR, '510108001001');
    const held = await formOf(holder);
    const { id: _id, ...form } = { ...held, residence: { ...held.residence, areaCode: '510108002001' }, visitorId: 'vis-510108002001-1' };
    const answer = await call('POST', '/elders', OTHER_INSTRUCTOR, form);
    expect(answer).toMatchObject({ status: 409, json: { errors: [{ field: 'residentId', rule: expect.stringMatching(/another elder, outside your area/) }] } });
    expect(answer.text).not.toContain(holder);
    expect(answer.text).not.toMatch(/E\d{6}|E[0-9a-f]{20}/);
  });
});

describe('a visit is one visit', () => {
  const visit = (elderId: string, taskId: string, visitId: string, at = '2026-11-20T09:30:00+08:00') => ({
    visitId,
    elderId,
    taskId,
    visitorId: VISITOR,
    visitedAt: at,
    method: 'home',
    checkIn: at,
    checkOut: '2026-11-20T10:00:00+08:00',
    ...UNEVENTFUL_FINDINGS,
  });

  it('re-posting a visitId with another open task of the same elder returns the original answer and leaves that task open', async () => {
    const routine = (await world.repos.tasks.openForVisitor(VISITOR)).find((t) => t.kind === 'routine' && t.start <= '2026-11-20')!;
    // A second open task of the same elder (a festival or weather visit), as the attack used.
    await world.repos.tasks.createIfAbsent({ ...routine, taskId: 'S#2026-11-20', kind: 'special', periodId: 'S#2026-11-20', history: [], version: 1 });
    const [elderId, first, second] = [routine.elderId, routine.taskId, 'S#2026-11-20'];
    const original = await call('POST', '/visits', VISITOR, visit(elderId, first, 'one-visit-1'));
    expect(original).toMatchObject({ status: 201, json: { visitId: 'one-visit-1', task: { state: 'completed' } } });
    const replay = await call('POST', '/visits', VISITOR, visit(elderId, second, 'one-visit-1'));
    expect(replay.json).toEqual(original.json);
    const other = await world.repos.tasks.get(elderId, second);
    expect(other?.state === 'assigned' || other?.state === 'open').toBe(true);
    expect((await world.repos.visits.forElder(elderId)).filter((v) => v.visitId === 'one-visit-1')).toHaveLength(1);
  });

  it('a visitId already used for another elder stores nothing for the second; another visitor’s id is refused without showing it', async () => {
    const open = await world.repos.tasks.openForVisitor(VISITOR);
    const [a, b] = [...new Map(open.map((t) => [t.elderId, t])).values()];
    expect((await call('POST', '/visits', VISITOR, visit(a!.elderId, a!.taskId, 'one-visit-2'))).status).toBe(201);
    const again = await call('POST', '/visits', VISITOR, visit(b!.elderId, b!.taskId, 'one-visit-2'));
    expect(again.json).toMatchObject({ visitId: 'one-visit-2', task: { state: 'completed' } });
    expect((await world.repos.tasks.get(b!.elderId, b!.taskId))?.state).not.toBe('completed');
    expect(await world.repos.visits.forElder(b!.elderId)).not.toContainEqual(expect.objectContaining({ visitId: 'one-visit-2' }));
    const neighbourTask = (await world.repos.tasks.openForVisitor(NEIGHBOUR))[0]!;
    const stolen = await call('POST', '/visits', NEIGHBOUR, { ...visit(neighbourTask.elderId, neighbourTask.taskId, 'one-visit-2'), visitorId: NEIGHBOUR });
    expect(stolen).toMatchObject({ status: 409, json: { errors: [{ field: 'visitId' }] } });
    expect(stolen.text).not.toContain(a!.elderId);
  });
});

describe('implausible data is refused, with the field named', () => {
  it('a visit dated 2099, or checked out a year after check-in, is refused and counts nothing', async () => {
    const task = (await world.repos.tasks.openForVisitor(VISITOR)).find((t) => t.start <= '2026-11-20')!;
    const base = { visitId: 'when-1', elderId: task.elderId, taskId: task.taskId, visitorId: VISITOR, method: 'home', ...UNEVENTFUL_FINDINGS };
    expect(await call('POST', '/visits', VISITOR, { ...base, visitedAt: '2099-11-20T09:30:00+08:00' })).toMatchObject({ status: 400, json: { errors: [{ field: 'visitedAt', rule: expect.stringMatching(/in the future/) }] } });
    expect(await call('POST', '/visits', VISITOR, { ...base, visitedAt: '2026-11-20T09:30:00+08:00', checkIn: '2025-11-20T09:30:00+08:00', checkOut: '2026-11-20T09:50:00+08:00' })).toMatchObject({
      status: 400,
      json: { errors: expect.arrayContaining([expect.objectContaining({ field: 'checkOut', rule: expect.stringMatching(/more than 12 hours/) })]) },
    });
    expect((await world.repos.tasks.get(task.elderId, task.taskId))?.state).not.toBe('completed');
  });

  it('NUL, bidi overrides and lone surrogates in a name are refused with the field; __proto__ is refused, not dropped', async () => {
    const elderId = await elderOf(VISITOR, '510108001001');
    const form = await formOf(elderId);
    for (const name of ['张\u0000华', '张\u202e华', 'a\ud800']) {
      expect(await call('PUT', `/elders/${elderId}`, LIAISON, { ...form, name })).toMatchObject({ status: 400, json: { errors: [{ field: 'body.name', rule: expect.stringMatching(/control character|lone surrogate/) }] } });
    }
    const withProto = `{"__proto__":{"isAdmin":true},${JSON.stringify(form).slice(1)}`;
    expect(await call('PUT', `/elders/${elderId}`, LIAISON, withProto)).toMatchObject({ status: 400, json: { errors: [{ field: 'body.__proto__', rule: 'is not an allowed field name' }] } });
    expect((await formOf(elderId)).name).toBe(form.name);
  });

  it('an elder or person in an area outside the deployment (a Shenzhen village in Chengdu) is refused', async () => {
    const base = elderRegistrationSchema.parse(syntheticLedger({ runtime: world.runtime, seed: 95, elders: 1, asOf: '2026-11-01' }).registrations[0]);
    const { id: _id, visitorId: _v, ...shenzhen } = { ...base, residentId: freshNumber(base.residentId, 83), residence: { ...base.residence, areaCode: '440304001001' } };
    expect(await call('POST', '/elders', 'admin-1', shenzhen)).toMatchObject({ status: 403 });
    const row = registrationToRow({ ...shenzhen, id: 'SZ-1' });
    expect(await call('POST', '/ledger/import', 'admin-1', csvOf([row]))).toMatchObject({
      status: 200,
      json: { created: 0, bad: expect.arrayContaining([expect.objectContaining({ column: '居住地村(社区)代码', rule: expect.stringMatching(/outside this deployment/) })]) },
    });
    expect(await call('POST', '/people', 'admin-1', { personId: 'vis-sz', name: '深圳', roles: ['visitor'], areaCode: '440304001001' })).toMatchObject({
      status: 400,
      json: { errors: [{ field: 'areaCode', rule: expect.stringMatching(/outside this deployment/) }] },
    });
  });
});

describe('no request gets a 500', () => {
  it('malformed percent-encoding in a path is a 400 naming the parameter', async () => {
    expect(await call('GET', '/elders/%E0%A4%A', LIAISON)).toMatchObject({ status: 400, type: 'application/problem+json', json: { errors: [{ field: 'path.elderId', rule: 'is not valid percent-encoded UTF-8' }] } });
    expect((await call('GET', '/people/%', LIAISON)).status).toBe(400);
  });

  it('a ledger sheet with an unbalanced quote, or random bytes, is a 400 with the reason', async () => {
    const quote = { csvBase64: Buffer.from(`${LEDGER_COLUMNS.map((c) => c.header).join(',')}\n张三,"女\n`).toString('base64') };
    expect(await call('POST', '/ledger/import', 'admin-1', quote)).toMatchObject({ status: 400, json: { errors: [{ field: 'body.csvBase64', rule: expect.stringMatching(/never closes/) }] } });
    const bytes = { csvBase64: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 31) % 256)).toString('base64') };
    expect((await call('POST', '/ledger/import', 'admin-1', bytes)).status).toBe(400);
  });

  it('a cursor that decodes to null, a number, or another county’s key is a 400 naming the cursor', async () => {
    for (const raw of ['null', '42', '"x"', '[]', JSON.stringify({ elderId: 'E000001', countyCode: '510104', areaSort: '510104001001#E000001' })]) {
      const cursor = Buffer.from(raw).toString('base64url');
      expect(await call('GET', `/elders?area=510108001&cursor=${cursor}`, INSTRUCTOR)).toMatchObject({ status: 400, json: { errors: [{ field: 'query.cursor' }] } });
    }
  });
});
