import { afterAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../shared/app/check-ledger';
import { importLedger } from '../../shared/app/import-ledger';
import { recordReview } from '../../shared/app/ledger-review';
import { overdueReviews } from '../../shared/app/overdue-reviews';
import { registerElder, sameForm } from '../../shared/app/register-elder';
import { remindReviews } from '../../shared/app/remind-reviews';
import { ledgerReport } from '../../shared/app/reports';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { residentIdCheckChar } from '../../shared/domain/elder/id-number';
import { LEDGER_COLUMNS, registrationToRow } from '../../shared/domain/ledger/columns';
import type { Principal } from '../../shared/domain/access/access';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const deps = (w: World) => ({ ...w.repos, clock: w.clock, runtime: w.runtime });
const ADMIN: Principal = { personId: 'admin-1', roles: ['admin'], areaCode: '510108', active: true };
const V1 = '510108001001';

/** A Sichuan ledger entered on 10 April 2026 (the spring's registration), the clock then set to `now`. */
async function springLedger(now: string) {
  const world = await newWorld('sichuan', '2026-04-10T10:00:00+08:00');
  const ledger = await loadLedger(world, { asOf: '2026-04-10' });
  world.clock.set(now);
  const liaison = (await world.repos.people.get(`lia-${V1}`))!;
  const inV1 = ledger.registrations.filter((r) => r.residence.areaCode === V1);
  return { world, ledger, liaison, inV1 };
}

describe('The ledger stays current, on dynalite (每半年动态更新一次)', () => {
  it('records who registered an entry and who last changed it; a review alone changes nothing else', async () => {
    const { world, liaison, inV1 } = await springLedger('2026-11-02T10:00:00+08:00');
    const id = inV1[0]!.id;
    const before = (await world.repos.elders.get(id))!;
    expect(before.lastReview).toEqual({ on: '2026-04-10', by: 'office', kind: 'registered' });
    const review = await recordReview(deps(world), { elderId: id, actor: liaison, note: '入户核实，信息无变化' });
    expect(review).toMatchObject({ recorded: true, version: before.version + 1, lastReview: { on: '2026-11-02', by: liaison.personId, kind: 'checked', note: '入户核实，信息无变化' } });
    const after = (await world.repos.elders.get(id))!;
    expect(sameForm(after.registration, before.registration)).toBe(true);
    expect(after).toMatchObject({ registeredOn: before.registeredOn, statusHistory: before.statusHistory, projectedVersion: after.version, settledVersion: after.version });
    world.clock.set('2026-11-03T10:00:00+08:00');
    const changed = await registerElder(deps(world), { ...after.registration, phones: ['13811112222'] }, { mode: 'update', actor: liaison });
    expect(changed.record.lastReview).toEqual({ on: '2026-11-03', by: liaison.personId, kind: 'updated' });
  });

  it('records a resent review once, and refuses a reviewer outside the village, a closed entry and an unknown elder', async () => {
    const { world, liaison, inV1, ledger } = await springLedger('2026-11-02T10:00:00+08:00');
    const id = inV1[0]!.id;
    const first = await recordReview(deps(world), { elderId: id, actor: liaison });
    const again = await recordReview(deps(world), { elderId: id, actor: liaison });
    expect(again).toMatchObject({ recorded: false, version: first.version, lastReview: first.lastReview });
    const other = ledger.registrations.find((r) => r.residence.areaCode !== V1)!;
    await expect(recordReview(deps(world), { elderId: other.id, actor: liaison })).rejects.toThrow(`${liaison.personId} works in area ${V1}, which does not include village ${other.residence.areaCode}`);
    const visitor: Principal = { personId: `vis-${V1}-1`, roles: ['visitor'], areaCode: V1, active: true };
    await expect(recordReview(deps(world), { elderId: id, actor: visitor })).rejects.toThrow('only a village liaison, township instructor or administrator keeps the ledger');
    await expect(recordReview(deps(world), { elderId: 'E-nobody', actor: liaison })).rejects.toThrow('no elder E-nobody');
    await expect(recordReview(deps(world), { elderId: id, actor: liaison, note: 'ok\u202e' })).rejects.toThrow('note');
    const gone = (await world.repos.elders.get(inV1[1]!.id))!;
    await registerElder(deps(world), { ...gone.registration, status: { state: 'deceased', since: '2026-10-30' } }, { mode: 'update', actor: liaison });
    await expect(recordReview(deps(world), { elderId: gone.elderId, actor: liaison })).rejects.toThrow('is closed (deceased since 2026-10-30)');
  });

  it('lists overdue entries per village from the review index; a review or a move takes one off, a rebuilt projection keeps its place', async () => {
    const { world, liaison, inV1, ledger } = await springLedger('2026-10-10T10:00:00+08:00');
    expect((await overdueReviews(deps(world), { principal: ADMIN, area: '510108' })).total).toBe(0);
    world.clock.set('2026-10-11T10:00:00+08:00');
    const all = await overdueReviews(deps(world), { principal: ADMIN, area: '510108' });
    expect(all).toMatchObject({ total: ledger.registrations.length, listed: ledger.registrations.length, reviewedBefore: '2026-04-11', intervalMonths: 6 });
    const v1 = all.villages.find((v) => v.villageCode === V1)!;
    expect(v1.count).toBe(inV1.length);
    expect(v1.elders[0]).toMatchObject({ reviewedOn: '2026-04-10', reviewedBy: 'office', overdueSince: '2026-10-11' });
    expect(Object.keys(v1.elders[0]!)).not.toContain('residentId');
    await recordReview(deps(world), { elderId: inV1[0]!.id, actor: liaison });
    const moved = (await world.repos.elders.get(inV1[1]!.id))!;
    await registerElder(deps(world), { ...moved.registration, status: { state: 'moved', since: '2026-10-11' } }, { mode: 'update', actor: liaison });
    const village = await overdueReviews(deps(world), { principal: liaison, area: V1 });
    expect(village.villages).toHaveLength(1);
    expect(village.villages[0]!.count).toBe(inV1.length - 2);
    expect(village.villages[0]!.elders.map((e) => e.elderId)).not.toContain(inV1[0]!.id);
    // A rebuilt projection keeps its place in the index.
    expect((await checkLedger(deps(world))).repaired).toBe(0);
    await expect(overdueReviews(deps(world), { principal: liaison, area: '510108001002' })).rejects.toThrow('does not include area 510108001002');
    await expect(overdueReviews(deps(world), { principal: ADMIN, area: '510108009009' })).rejects.toThrow('unknown village');
    expect((await overdueReviews(deps(world), { principal: ADMIN, area: '510108', limit: 5 })).listed).toBe(5);
  });

  it('reminds each liaison once a month of the overdue entries of their village', async () => {
    const { world, inV1 } = await springLedger('2026-11-01T08:00:00+08:00');
    const first = await remindReviews(deps(world));
    expect(first.overdue).toBeGreaterThan(0);
    expect(first.remindersQueued).toBe(first.villages);
    const sms = await world.repos.outbox.get(`review#lia-${V1}#${V1}#2026-11`);
    expect(sms).toMatchObject({ kind: 'ledger_review', template: 'ledger_review_reminder', params: { count: String(inV1.length), months: '6' }, state: 'pending' });
    expect(await remindReviews(deps(world))).toMatchObject({ remindersQueued: 0, remindersExisting: first.villages });
  });

  it('counts overdue entries, 待评估 and refusals in the ledger statistics (issue 13’s ledger report)', async () => {
    const { world, liaison, inV1 } = await springLedger('2026-11-02T10:00:00+08:00');
    const e = (await world.repos.elders.get(inV1[0]!.id))!;
    await registerElder(
      deps(world),
      { ...e.registration, categories: ['disabled'], abilityLevel: undefined, disability: undefined, consent: { ...e.registration.consent, homeVisits: false, homeVisitRefusal: { by: 'elder', on: '2026-11-02', reason: '不愿外人进家' } } },
      { mode: 'update', actor: liaison },
    );
    const stats = await ledgerReport({ ...deps(world) }, { principal: ADMIN, area: V1, period: '2026-11' });
    expect(stats.needsAssessment).toEqual([e.elderId]);
    expect(stats.homeVisitsRefused).toEqual([e.elderId]);
    expect(stats.overdueForReview).toHaveLength(inV1.length - 1);
    expect(stats.overdueByVillage).toEqual({ [V1]: inV1.length - 1 });
  });
});

describe('Who is an elder, at the ledger import (the row named)', () => {
  it('refuses a 56-year-old’s row naming the ID number column and the rule, and counts an imported row as reviewed', async () => {
    const world = await newWorld('sichuan', '2026-11-02T10:00:00+08:00');
    const ledger = await loadLedger(world, { elders: 3 });
    const [a, b] = ledger.registrations.map((r) => elderRegistrationSchema.parse(r));
    const body = `510108197003150${'02'}`;
    const young = { ...b!, id: 'E-young', residentId: `${body.slice(0, 17)}${residentIdCheckChar(body.slice(0, 17))}`, sex: 'female' as const, birthDate: undefined, disability: undefined };
    const refusing = { ...a!, consent: { ...a!.consent, homeVisits: false, homeVisitRefusal: { by: 'carer' as const, carerName: '李明', on: '2026-10-01', reason: '担心打扰老人休息' } } };
    const csv = [LEDGER_COLUMNS.map((c) => c.header), registrationToRow(young), registrationToRow(refusing)];
    const report = await importLedger(
      { ...deps(world), idKey: 'test-key' },
      csv.map((cells, i) => ({ rowNumber: i + 1, cells })),
    );
    expect(report.bad).toEqual([
      {
        row: 2,
        column: '公民身份号码',
        rule: expect.stringMatching(/^the person is 56 on 2026-11-02 \(born 1970-03-15\); 四川省 Sichuan registers elders aged 60 or over .*: register them from 2030-03-15$/),
        code: 'under_minimum_age',
        message: '此人2026-11-02时56周岁（1970-03-15出生），未满60周岁，不属于本地登记的老年人；请于2030-03-15后再登记',
      },
    ]);
    expect(report.updated).toBe(1);
    const stored = (await world.repos.elders.get(a!.id))!;
    expect(stored.profile.homeVisitRefusal).toMatchObject({ by: 'carer', carerName: '李明' });
    expect(stored.lastReview).toEqual({ on: '2026-11-02', by: 'office', kind: 'updated' });
    expect(await world.repos.elders.get('E-young')).toBeUndefined();
  });
});
