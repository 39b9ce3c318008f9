import { afterAll, describe, expect, it } from 'vitest';
import { applyOccasion } from '../../shared/app/apply-occasion';
import { openFestivals } from '../../shared/app/festivals';
import { generateTasks } from '../../shared/app/generate-tasks';
import { recordVisit } from '../../shared/app/record-visit';
import { registerElder } from '../../shared/app/register-elder';
import { visitRateReport } from '../../shared/app/reports';
import { healElder } from '../../shared/app/settle-elder';
import { elderArchive } from '../../shared/app/archive';
import { archiveHtml } from '../../shared/adapters/archive/archive-html';
import { recordFromRegistration } from '../../shared/domain/ledger/elder-record';
import { classify } from '../../shared/domain/policy/classify';
import type { ElderRegistration } from '../../shared/domain/elder/registration';
import type { Principal } from '../../shared/domain/access/access';
import { visitForm } from '../../cli/simulation/visit-form';
import { Random } from '../../cli/simulation/random';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const refusal = { by: 'carer' as const, carerName: '李明', on: '2026-10-30', reason: '担心打扰老人休息' };
const deps = (w: World) => ({ ...w.repos, clock: w.clock, runtime: w.runtime });

/** A loaded Sichuan world and one elder of a tier, with a visitor. */
async function worldWith(tier: 'key' | 'general') {
  const world = await newWorld();
  const ledger = await loadLedger(world);
  const records = await world.repos.elders.getMany(ledger.registrations.filter((r) => r.visitorId !== undefined).map((r) => r.id));
  const record = [...records.values()].find((r) => {
    const c = classify(r.profile, world.runtime.policy, '2026-11-01');
    return c.eligible && c.tier === tier;
  })!;
  const liaison = (await world.repos.people.get(`lia-${record.villageCode}`))!;
  return { world, record, liaison };
}

const refuse = (w: World, reg: ElderRegistration, actor: Principal, on = refusal.on) => registerElder(deps(w), { ...reg, consent: { ...reg.consent, homeVisits: false, homeVisitRefusal: { ...refusal, on } } }, { mode: 'update', actor });
const consentAgain = (w: World, reg: ElderRegistration, actor: Principal) => registerElder(deps(w), { ...reg, consent: { visits: true, homeVisits: true, recordedOn: reg.consent.recordedOn } }, { mode: 'update', actor });

describe('Consent to home visits, on dynalite (入户探访要征得老年人或其赡养人同意)', () => {
  it('gives an elder whose carer refused home visits tasks a phone call completes, carrying the refusal', async () => {
    const { world, record, liaison } = await worldWith('key');
    await refuse(world, record.registration, liaison);
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks(deps(world));
    const [task] = await world.repos.tasks.forElder(record.elderId);
    expect(task).toMatchObject({ homeRequired: false, methods: ['phone', 'video', 'on_the_way', 'other'], homeRefusal: { ...refusal, asked: { homeRequired: true, methods: ['home'] } } });
    world.clock.set('2026-11-03T10:30:00+08:00');
    const visit = await recordVisit(deps(world), visitForm(task!, task!.visitorId!, world.clock.now(), 'phone', new Random(1)));
    expect(visit.visit.counted).toBe(true);
    expect(visit.task).toMatchObject({ state: 'completed', outcome: { result: 'visited', method: 'phone' } });
  });

  it('makes open home-only tasks callable the moment a refusal is recorded, saying so on the task', async () => {
    const { world, record, liaison } = await worldWith('general');
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks(deps(world));
    expect((await world.repos.tasks.forElder(record.elderId))[0]).toMatchObject({ homeRequired: true, methods: ['home'] });
    world.clock.set('2026-11-05T10:00:00+08:00');
    const saved = await refuse(world, record.registration, liaison, '2026-11-05');
    expect(saved.tasksConsentChanged).toBe(1);
    const [task] = await world.repos.tasks.forElder(record.elderId);
    expect(task).toMatchObject({ homeRequired: false, methods: ['phone', 'video', 'on_the_way', 'other'], version: 2 });
    expect(task!.history.at(-1)).toMatchObject({ event: 'home_consent', by: 'ledger', detail: expect.stringContaining('赡养人李明于2026-11-05不同意入户') });
    expect((await world.repos.elders.get(record.elderId))!.settledVersion).toBe(saved.record.version);
  });

  it('restores home visits from the next window when the refusal is withdrawn; the open window keeps its task', async () => {
    const { world, record, liaison } = await worldWith('key');
    await refuse(world, record.registration, liaison);
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks(deps(world));
    // Windows appear three days ahead: the second half of November is made on the 13th, still under the refusal.
    world.clock.set('2026-11-13T06:00:00+08:00');
    await generateTasks(deps(world));
    world.clock.set('2026-11-14T10:00:00+08:00');
    const saved = await consentAgain(world, (await world.repos.elders.get(record.elderId))!.registration, liaison);
    expect(saved.tasksConsentChanged).toBe(1);
    const tasks = Object.fromEntries((await world.repos.tasks.forElder(record.elderId)).map((t) => [t.taskId, t]));
    expect(tasks['2026-11-H1#1']).toMatchObject({ homeRequired: false, methods: ['phone', 'video', 'on_the_way', 'other'], version: 1 });
    expect(tasks['2026-11-H2#1']).toMatchObject({ homeRequired: true, methods: ['home'] });
    expect(tasks['2026-11-H2#1']!.homeRefusal).toBeUndefined();
    world.clock.set('2026-11-28T06:00:00+08:00');
    await generateTasks(deps(world));
    expect(await world.repos.tasks.get(record.elderId, '2026-12-H1#1')).toMatchObject({ homeRequired: true, methods: ['home'] });
    expect((await world.repos.elders.get(record.elderId))!.homeRefusalHistory).toEqual([{ ...refusal, withdrawnOn: '2026-11-14' }]);
    const archive = await elderArchive(deps(world), { principal: liaison, elderId: record.elderId, purpose: '核实入户意愿', requestId: 'r1' });
    expect(archive.care).toMatchObject({ homeVisits: 'consented', homeRefusalHistory: [{ withdrawnOn: '2026-11-14' }], review: { last: { by: liaison.personId, kind: 'updated' } } });
    const html = archiveHtml(archive);
    expect(html).toContain('曾不同意入户：赡养人李明于2026-10-30不同意入户（担心打扰老人休息），2026-11-14撤回');
    expect(html).toContain('<th>入户意愿</th><td colspan="3">同意入户探访');
  });

  it('asks the refusing elder for a call where the festival rule asks a home visit (重阳, Sichuan: 上门)', async () => {
    const { world, record, liaison } = await worldWith('general');
    world.clock.set('2026-10-14T06:00:00+08:00');
    await refuse(world, record.registration, liaison, '2026-10-14');
    await openFestivals(deps(world), '2026-10-14');
    await applyOccasion(deps(world), 'festival:chongyang:2026');
    const festival = await world.repos.tasks.get(record.elderId, 'S#2026-10-18');
    expect(festival).toMatchObject({ kind: 'special', homeRequired: false, methods: ['phone', 'video', 'on_the_way', 'other'], homeRefusal: { by: 'carer' } });
    const neighbour = await world.repos.elders.inArea({ county: '510108', prefix: record.villageCode });
    for await (const other of neighbour) {
      if (other.elderId === record.elderId || !other.consent.homeVisits) continue;
      expect(await world.repos.tasks.get(other.elderId, 'S#2026-10-18')).toMatchObject({ homeRequired: true, methods: ['home'] });
      break;
    }
  });

  it('finishes the task changes of a refusal whose save was cut short, when healed (tanfang ledger check, a rerun)', async () => {
    const { world, record } = await worldWith('general');
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks(deps(world));
    world.clock.set('2026-11-06T10:00:00+08:00');
    const previous = (await world.repos.elders.get(record.elderId))!;
    const form = { ...previous.registration, consent: { ...previous.registration.consent, homeVisits: false, homeVisitRefusal: { ...refusal, on: '2026-11-06' } } };
    // The form and its projection were written, then the process died before the tasks were touched.
    const cut = recordFromRegistration(form, '2026-11-06T10:00:00+08:00', previous);
    expect(cut.homeConsentChange).toBe('refused');
    await world.repos.elders.save(cut, { settled: false });
    expect((await world.repos.tasks.forElder(record.elderId))[0]!.methods).toEqual(['home']);
    expect(await healElder(deps(world), record.elderId)).toBe('repaired');
    expect((await world.repos.tasks.forElder(record.elderId))[0]).toMatchObject({ homeRequired: false, homeRefusal: { on: '2026-11-06' } });
    expect(await healElder(deps(world), record.elderId)).toBe('in_step');
  });

  it('shows the refusing elders’ windows apart in the visit rate (by=consent)', async () => {
    const { world, record, liaison } = await worldWith('general');
    await refuse(world, record.registration, liaison);
    world.clock.set('2026-11-01T06:00:00+08:00');
    await generateTasks(deps(world));
    world.clock.set('2026-12-01T01:00:00+08:00');
    const principal = { personId: 'admin', roles: ['admin' as const], areaCode: '510108', active: true };
    const rate = await visitRateReport({ ...deps(world) }, { principal, area: '510108', period: '2026-11', by: ['consent'] });
    const refused = rate.rows.find((r) => r.consent === 'home_refused');
    expect(refused).toMatchObject({ owed: 1, visited: 0, missed: 1 });
    expect(rate.rows.find((r) => r.consent === 'home_consented')!.owed).toBe(rate.total.owed - 1);
  });
});
