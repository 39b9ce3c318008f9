import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../shared/adapters/ledger-files/read';
import { importLedger } from '../../shared/app/import-ledger';
import { LEDGER_COLUMNS } from '../../shared/domain/ledger/columns';
import { registrationToRow } from '../../shared/domain/ledger/registration-to-row';
import type { ElderRegistration } from '../../shared/domain/elder/registration';
import { isActive } from '../../shared/domain/task/lifecycle';
import { startTestApi } from '../helpers/api';
import { apiWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

const NEW_VILLAGE = '510108001002';
const NEW_VISITOR = 'vis-510108001002-1';
const INSTRUCTOR = 'ins-510108001';
const OTHER_INSTRUCTOR = 'ins-510108002';

let world: World;
let api: Awaited<ReturnType<typeof startTestApi>>;

beforeAll(async () => {
  world = await apiWorld();
  api = await startTestApi(world, [INSTRUCTOR, OTHER_INSTRUCTOR, NEW_VISITOR, 'admin-1']);
});

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

/** Elders of the township (not yet of 槐树村) with open routine tasks, one per test. */
async function elders(): Promise<string[]> {
  const page = await world.repos.elders.pageInArea({ county: '510108', prefix: '510108001' }, 200);
  const out: string[] = [];
  for (const e of page.items) {
    if (e.villageCode === NEW_VILLAGE || e.status.state !== 'active') continue;
    if ((await world.repos.tasks.forElder(e.elderId)).some((t) => t.kind === 'routine' && t.state === 'assigned')) out.push(e.elderId);
  }
  return out;
}
const activeTasks = async (elderId: string) => (await world.repos.tasks.forElder(elderId)).filter((t) => isActive(t.state));
const form = async (elderId: string): Promise<ElderRegistration> => (await world.repos.elders.get(elderId))!.registration;
const moveTo = { areaCode: NEW_VILLAGE, areaName: '槐树村', address: '槐树村3组12号', visitorId: NEW_VISITOR };

describe('An elder who moves to another village: open tasks follow (迁居)', () => {
  it('through the status route: new area fields, the new visitor told by SMS, the old visitor’s list loses them', async () => {
    const [elderId] = await elders();
    const before = await activeTasks(elderId!);
    const formerVisitor = before.find((t) => t.kind === 'routine')!.visitorId!;
    const r = await api.call('POST', `/elders/${elderId}/status`, INSTRUCTOR, { state: 'moved', since: '2026-11-20', moveTo });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'active', tasksCancelled: 0, tasksMoved: before.length });
    for (const t of await activeTasks(elderId!)) {
      expect(t).toMatchObject({ villageCode: NEW_VILLAGE, villageName: '槐树村', townshipCode: '510108001' });
      if (t.kind !== 'follow_up') expect(t.visitorId).toBe(NEW_VISITOR);
    }
    expect((await world.repos.tasks.openForVisitor(formerVisitor)).some((t) => t.elderId === elderId)).toBe(false);
    const record = await world.repos.elders.get(elderId!);
    const sms = await world.repos.outbox.get(`moved#${elderId}#${record!.version}`);
    expect(sms).toMatchObject({ template: 'elder_moved', recipientId: NEW_VISITOR });
    expect(sms!.text).toContain('槐树村');
    // The new visitor reads the elder now; the record's status history keeps the move.
    expect((await api.call('GET', `/elders/${elderId}`, NEW_VISITOR)).status).toBe(200);
  });

  it('through PUT: the form’s new residence moves the open tasks too', async () => {
    const [, elderId] = await elders();
    const reg = await form(elderId!);
    const r = await api.call('PUT', `/elders/${elderId}`, INSTRUCTOR, { ...reg, residence: { areaCode: NEW_VILLAGE, areaName: '槐树村', address: '槐树村1组2号' }, visitorId: NEW_VISITOR });
    expect(r.status).toBe(200);
    expect((await activeTasks(elderId!)).every((t) => t.villageCode === NEW_VILLAGE)).toBe(true);
  });

  it('through the ledger import: a row with the new village moves the open tasks', async () => {
    const [, , elderId] = await elders();
    const reg = await form(elderId!);
    const row = registrationToRow({ ...reg, residence: { areaCode: NEW_VILLAGE, areaName: '槐树村', address: '槐树村5组' }, visitorId: NEW_VISITOR });
    const csv = [LEDGER_COLUMNS.map((c) => c.header), row].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\n');
    const report = await importLedger({ ...world.repos, clock: world.clock, runtime: world.runtime, idKey: 'test-key' }, readCsv(Buffer.from(csv)).rows);
    expect(report).toMatchObject({ updated: 1, badRows: 0 });
    expect((await activeTasks(elderId!)).every((t) => t.villageCode === NEW_VILLAGE && (t.kind === 'follow_up' || t.visitorId === NEW_VISITOR))).toBe(true);
  });

  it('refuses a move by someone who does not keep the new village’s ledger, and a moveTo without state moved', async () => {
    const [, , , elderId] = await elders();
    const before = await activeTasks(elderId!);
    const outside = await api.call('POST', `/elders/${elderId}/status`, INSTRUCTOR, { state: 'moved', since: '2026-11-20', moveTo: { ...moveTo, areaCode: '510108002001', visitorId: undefined } });
    expect(outside.status).toBe(403);
    expect(outside.json.message).toMatch(/没有权限/);
    const wrong = await api.call('POST', `/elders/${elderId}/status`, INSTRUCTOR, { state: 'hospitalised', since: '2026-11-20', moveTo });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors).toMatchObject([{ field: 'body.moveTo' }]);
    expect(await activeTasks(elderId!)).toEqual(before);
  });
});

describe('An elder back from hospital: the rest of the current period (住院后返家)', () => {
  it('cancels the open tasks for the stay, then opens one window from the return to the period end', async () => {
    const [, , , , elderId] = await elders();
    const inHospital = await api.call('POST', `/elders/${elderId}/status`, INSTRUCTOR, { state: 'hospitalised', since: '2026-11-17', note: '市三医院' });
    expect(inHospital.json).toMatchObject({ status: 'hospitalised' });
    expect(await activeTasks(elderId!)).toEqual([]);
    const back = await api.call('POST', `/elders/${elderId}/status`, INSTRUCTOR, { state: 'active', since: '2026-11-20' });
    expect(back.status).toBe(200);
    const returnTask = back.json.returnTask as string;
    expect(returnTask).toMatch(/#R2026-11-20$/);
    const task = (await world.repos.tasks.get(elderId!, returnTask))!;
    expect(task).toMatchObject({ kind: 'routine', start: '2026-11-20', end: '2026-11-30', state: 'assigned', visitorId: (await world.repos.elders.get(elderId!))!.visitorId });
    expect(task.history[0]!.detail).toMatch(/back from hospital on 2026-11-20/);
    // Saving the same form again opens nothing more.
    const again = await api.call('PUT', `/elders/${elderId}`, INSTRUCTOR, await form(elderId!));
    expect(again.status).toBe(200);
    expect((await activeTasks(elderId!)).filter((t) => t.taskId.includes('#R'))).toHaveLength(1);
  });
});
