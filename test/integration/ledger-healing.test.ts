import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { generateTasks } from '../../shared/app/generate-tasks';
import { elderIdFor, importLedger } from '../../shared/app/import-ledger';
import { registerElder } from '../../shared/app/register-elder';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { currentVisitors, elderView } from '../../shared/domain/access/access';
import { residentIdCheckChar } from '../../shared/domain/elder/id-number';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { LEDGER_COLUMNS, registrationToRow } from '../../shared/domain/ledger/columns';
import { recordFromRegistration } from '../../shared/domain/ledger/elder-record';
import { isActive } from '../../shared/domain/task/lifecycle';
import { loadRegion } from '../../shared/config/load';
import { cli } from '../helpers/cli';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const HEADERS = LEDGER_COLUMNS.map((c) => c.header);
const sheetOf = (rows: string[][]) => [HEADERS, ...rows].map((cells, i) => ({ rowNumber: i + 1, cells }));

describe('a crash never drops an elder from service', () => {
  let world: World;
  let ledger: Awaited<ReturnType<typeof loadLedger>>;
  beforeEach(async () => {
    world = await newWorld('sichuan', '2026-10-31T20:00:00+08:00');
    ledger = await loadLedger(world, { elders: 12 });
  });
  const deps = () => ({ ...world.repos, clock: world.clock, runtime: world.runtime, idKey: 'test-key' });
  const dropProjection = (elderId: string) => world.db.client.send(new DeleteCommand({ TableName: world.names.elders, Key: { elderId } }));

  it('a re-import after forms were written but not their projections says unchanged and rebuilds them, so the elders get tasks', async () => {
    const rows = ledger.registrations.map((r) => registrationToRow(elderRegistrationSchema.parse(r)));
    const lost = ledger.registrations.slice(0, 4).map((r) => r.id);
    for (const id of lost) await dropProjection(id);
    const report = await importLedger(deps(), sheetOf(rows));
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 12, repaired: 4, badRows: 0 });
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    for (const id of lost) expect((await world.repos.tasks.forElder(id)).length).toBeGreaterThan(0);
  });

  it('a status change whose task cancellation was interrupted is finished by the next import of the same row', async () => {
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const elder = elderRegistrationSchema.parse(ledger.registrations[0]);
    const deceased = { ...elder, status: { state: 'deceased' as const, since: '2026-11-01' } };
    // The crash point: form and projection written, the follow-up steps never run.
    const previous = (await world.repos.elders.get(elder.id))!;
    expect((await world.repos.elders.save(recordFromRegistration(deceased, '2026-11-01T06:30:00+08:00', previous), { settled: false })).ok).toBe(true);
    expect((await world.repos.tasks.forElder(elder.id)).some((t) => isActive(t.state))).toBe(true);
    const report = await importLedger(deps(), sheetOf([registrationToRow(deceased)]));
    expect(report).toMatchObject({ unchanged: 1, repaired: 1 });
    expect((await world.repos.tasks.forElder(elder.id)).filter((t) => isActive(t.state))).toEqual([]);
  });

  it('a registration retried after its projection was lost is finished, not refused; a repeat of a finished one is refused', async () => {
    const form = elderRegistrationSchema.parse(ledger.registrations[0]);
    const create = () => registerElder({ ...world.repos, clock: world.clock, runtime: world.runtime }, form, { mode: 'create' });
    await expect(create()).rejects.toThrow(/already registered/);
    await dropProjection(form.id);
    expect((await create()).created).toBe(true);
    expect(await world.repos.elders.get(form.id)).toMatchObject({ projectedVersion: 1, settledVersion: 1 });
    await expect(create()).rejects.toThrow(/already registered/);
  });

  it('a batch naming one elder twice (a 档案编号 equal to another row’s id) saves one, refuses the other, and leaves no form without its projection', async () => {
    const [a, b] = syntheticLedger({ runtime: world.runtime, seed: 21, elders: 2, asOf: '2026-11-01' }).registrations.map((r) => elderRegistrationSchema.parse(r));
    const derived = elderIdFor(a!.residentId, 'test-key');
    const rows = [
      ['', ...registrationToRow(a!).slice(1)],
      [derived, ...registrationToRow(b!).slice(1)],
    ];
    const report = await importLedger(deps(), sheetOf(rows));
    expect(report).toMatchObject({ created: 1, badRows: 1, bad: [{ row: 3, column: '档案编号', rule: `names the same elder (${derived}) as row 2: one elder, one row` }] });
    const stored = await world.repos.elders.get(derived);
    expect(stored).toMatchObject({ registration: { residentId: a!.residentId }, projectedVersion: 1, settledVersion: 1 });
    // And the reverse order: the derived id comes second.
    const report2 = await importLedger(deps(), sheetOf([rows[1]!, rows[0]!]));
    expect(report2).toMatchObject({ badRows: 1, bad: [{ row: 3, column: '公民身份号码' }] });
  });

  it('giving an elder another visitor moves their open visit tasks, and the record with them', async () => {
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    const elder = elderRegistrationSchema.parse(ledger.registrations.find((r) => r.visitorId)!);
    const other = elder.visitorId!.endsWith('-1') ? elder.visitorId!.replace(/-1$/, '-2') : elder.visitorId!.replace(/-2$/, '-1');
    const result = await registerElder({ ...world.repos, clock: world.clock, runtime: world.runtime }, { ...elder, visitorId: other });
    const open = (await world.repos.tasks.forElder(elder.id)).filter((t) => isActive(t.state));
    expect(result.tasksMoved).toBe(open.length);
    expect(open.every((t) => t.visitorId === other)).toBe(true);
    const record = (await world.repos.elders.get(elder.id))!;
    const visitors = currentVisitors(record, open);
    const person = (id: string) => ({ personId: id, roles: ['visitor' as const], areaCode: elder.residence.areaCode, active: true });
    expect(elderView(person(other), record, visitors)).toBe('visit');
    expect(elderView(person(elder.visitorId!), record, visitors)).toBe('none');
    expect(record).toMatchObject({ projectedVersion: record.version, settledVersion: record.version });
  });
});

describe('one ID number, one elder: the claim', () => {
  it('a corrected number frees the old one for the person it belongs to; a claim left by a crashed creation blocks it for ten minutes only', async () => {
    const world = await newWorld('sichuan', '2026-10-31T20:00:00+08:00');
    const { registrations } = await loadLedger(world, { elders: 3 });
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
    const [a, b] = registrations.map((r) => elderRegistrationSchema.parse(r));
    // B was registered with A's number by mistake? Refused. A's number corrected to B's? Refused too.
    await expect(registerElder(deps, { ...b!, residentId: a!.residentId, sex: a!.sex, disability: undefined })).rejects.toThrow(/already registered/);
    const corrected = { ...a!, residentId: idWithSequence(a!.residentId, 77), disability: undefined };
    await registerElder(deps, corrected);
    expect(await world.repos.elders.findByResidentId(a!.residentId)).toBeUndefined();
    const newcomer = { ...b!, id: 'E-NEW', residentId: a!.residentId, sex: a!.sex, disability: undefined };
    expect((await registerElder(deps, newcomer)).created).toBe(true);
    expect(await world.repos.elders.findByResidentId(a!.residentId)).toBe('E-NEW');
    // A creation that claimed a number and died before writing its form.
    const orphan = idWithSequence(a!.residentId, 78);
    const record = recordFromRegistration({ ...newcomer, id: 'E-CRASHED', residentId: orphan }, '2026-10-31T20:00:00+08:00');
    expect((await world.repos.elders.importNew([record])).size).toBe(0);
    await world.db.client.send(new DeleteCommand({ TableName: world.names.registrations, Key: { elderId: 'E-CRASHED' } }));
    await world.db.client.send(new DeleteCommand({ TableName: world.names.elders, Key: { elderId: 'E-CRASHED' } }));
    await expect(registerElder(deps, { ...newcomer, id: 'E-OTHER', residentId: orphan })).rejects.toThrow(/already registered/);
    world.clock.set('2026-10-31T20:11:00+08:00');
    expect((await registerElder(deps, { ...newcomer, id: 'E-OTHER', residentId: orphan })).created).toBe(true);
  });
});

/** The same ID with another sequence number (digits 15–16) and a recomputed check digit: same birth date and sex. */
function idWithSequence(id: string, sequence: number): string {
  const body = `${id.slice(0, 14)}${String(sequence).padStart(2, '0')}${id[16]}`;
  return `${body}${residentIdCheckChar(body)}`;
}

describe('tanfang ledger check', () => {
  it('finds forms whose projection is missing, behind or unsettled, repairs them, and then finds nothing', async () => {
    const data = mkdtempSync(join(tmpdir(), 'tanfang-check-'));
    const runtime = loadRegion('sichuan');
    const clock = new ManualClock('2026-10-31T20:00:00+08:00');
    let db = await startEmbeddedDynamo({ path: data });
    const repos = dynamoRepositories(db.client, db.names);
    const { people, registrations } = syntheticLedger({ runtime, seed: 4, elders: 10, asOf: '2026-11-01' });
    for (const p of people) await repos.people.save(p);
    for (const r of registrations) await registerElder({ ...repos, clock, runtime }, r);
    const [missing, stale, unsettled] = registrations.map((r) => r.id);
    await db.client.send(new DeleteCommand({ TableName: db.names.elders, Key: { elderId: missing } }));
    const before = await db.client.send(new GetCommand({ TableName: db.names.elders, Key: { elderId: stale } }));
    await registerElder({ ...repos, clock, runtime }, { ...registrations[1]!, phones: ['13900009999'] });
    await db.client.send(new PutCommand({ TableName: db.names.elders, Item: before.Item }));
    const form = elderRegistrationSchema.parse(registrations[2]);
    await repos.elders.save(recordFromRegistration({ ...form, status: { state: 'hospitalised', since: '2026-10-31' } }, '2026-10-31T20:00:00+08:00', await repos.elders.get(unsettled!)), { settled: false });
    await db.close();

    const dry = await cli(['ledger', 'check', '--data', data, '--region', 'sichuan', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(JSON.parse(dry.stdout)).toEqual({ checked: 10, missingProjection: 1, staleProjection: 1, unsettled: 1, repaired: 0, examples: [missing, stale, unsettled].sort() });
    const fixed = await cli(['ledger', 'check', '--data', data, '--region', 'sichuan']);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ checked: 10, repaired: 3 });
    expect(JSON.parse((await cli(['ledger', 'check', '--data', data, '--region', 'sichuan'])).stdout)).toMatchObject({ checked: 10, missingProjection: 0, staleProjection: 0, unsettled: 0, repaired: 0 });

    db = await startEmbeddedDynamo({ path: data });
    const after = dynamoRepositories(db.client, db.names);
    expect(await after.elders.get(stale!)).toMatchObject({ projectedVersion: 2, registration: { phones: ['+8613900009999'] } });
    expect((await after.elders.get(missing!))?.projectedVersion).toBe(1);
    await db.close();
  });
});
