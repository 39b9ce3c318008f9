import { DynamoElderRepository } from '../../shared/adapters/dynamodb/elder-repository';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { periodReportFor } from '../../shared/app/reports';
import { loadRegion } from '../../shared/config/load';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { recordFromRegistration } from '../../shared/domain/ledger/elder-record';
import { classify } from '../../shared/domain/policy/classify';
import type { Task } from '../../shared/domain/task/task';
import type { TaskRepository } from '../../shared/ports';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { Random } from '../../cli/simulation/random';
import { bulkPutTasks, syntheticTask } from '../helpers/bulk';

const MONTHS = [
  { id: '2026-09', last: 30 },
  { id: '2026-10', last: 31 },
  { id: '2026-11', last: 30 },
];

/** An elder's routine windows for a month, with an outcome drawn from the seed (85 % visited, the rest missed, late or fake). */
function monthTasks(i: number, elderId: string, village: string, tier: string, month: { id: string; last: number }, r: Random): Task[] {
  const halves =
    tier === 'key'
      ? ([
          [`${month.id}-H1`, 15],
          [`${month.id}-H2`, month.last],
        ] as const)
      : ([[month.id, month.last]] as const);
  return halves.map(([periodId, last]) => {
    const end = `${month.id}-${String(last).padStart(2, '0')}`;
    const roll = r.next();
    const result = roll < 0.85 ? 'visited' : roll < 0.93 ? 'missed' : roll < 0.99 ? 'late' : 'fake';
    return syntheticTask(i, `${end}T23:59:59+08:00`, {
      elderId,
      taskId: `${periodId}#1`,
      periodId,
      tier,
      villageCode: village,
      townshipCode: village.slice(0, 9),
      end,
      state: result === 'missed' ? 'missed' : 'completed',
      late: result === 'late',
      visitorId: `vis-${village}-1`,
      outcome: { result, visitorId: `vis-${village}-1`, ...(result === 'missed' ? {} : { method: 'home' as const, visitId: `v${i}` }), at: `${end}T12:00:00+08:00` },
      ...(r.chance(0.05) ? { visitFlags: ['too_short' as const] } : {}),
      ...(r.chance(0.1) ? { escalation: { level: r.int(1, 3), repeats: 0 } } : {}),
    });
  });
}

/**
 * The monthly report (按月更新) of a county of `size` elders: every read is a Query on the
 * county×month partition of the tasks index (this month and the two before it, for the trend)
 * and on the elders index; prints items and read units per elder, and seconds.
 */
export async function benchReports(size: number): Promise<void> {
  const runtime = loadRegion('sichuan');
  const db = await startEmbeddedDynamo();
  try {
    const repos = dynamoRepositories(db.client, db.names);
    const ledger = syntheticLedger({ runtime, seed: 1, elders: size, asOf: '2026-09-01' });
    const loadStart = performance.now();
    for (const person of ledger.people) await repos.people.save(person);
    const records = ledger.registrations.map((reg) => recordFromRegistration(elderRegistrationSchema.parse(reg), '2026-08-28T20:00:00+08:00'));
    await new DynamoElderRepository(db.client, db.names).importNew(records);
    const eldersSeconds = (performance.now() - loadStart) / 1000;
    const r = new Random(7);
    const tasks = records.flatMap((rec, i) => {
      const c = classify(rec.profile, runtime.policy, '2026-09-01');
      return MONTHS.flatMap((m) => monthTasks(i, rec.elderId, rec.villageCode, c.eligible ? c.tier : 'general', m, r));
    });
    await bulkPutTasks(db.client, db.names.tasks, tasks);
    const loadSeconds = (performance.now() - loadStart) / 1000;

    let itemsRead = 0;
    const counting: TaskRepository = {
      ...repos.tasks,
      inAreaMonth: async (area, month) => {
        const out = await repos.tasks.inAreaMonth(area, month);
        itemsRead += out.length;
        return out;
      },
    } as TaskRepository;
    const elders = {
      ...repos.elders,
      inArea: async function* (scope: Parameters<typeof repos.elders.inArea>[0]) {
        for await (const e of repos.elders.inArea(scope)) {
          itemsRead++;
          yield e;
        }
      },
    } as typeof repos.elders;
    const before = db.meter.snapshot();
    const t0 = performance.now();
    const report = await periodReportFor(
      { ...repos, tasks: counting, elders, clock: new ManualClock('2026-12-01T09:00:00+08:00'), runtime },
      { principal: { personId: 'bench', roles: ['admin'], areaCode: '510108', active: true }, area: '510108', period: '2026-11', kind: 'monthly' },
    );
    const seconds = (performance.now() - t0) / 1000;
    const after = db.meter.snapshot();
    console.log(
      `— monthly report for a county of ${size.toLocaleString('en')} elders (${tasks.length.toLocaleString('en')} routine windows over three months; loaded in ${loadSeconds.toFixed(1)} s, the elders in ${eldersSeconds.toFixed(1)} s)`,
    );
    console.log(`  items read: ${itemsRead.toLocaleString('en')} → ${(itemsRead / size).toFixed(2)} items per elder (1 elder item + the windows of this month and the two before, for the trend)`);
    console.log(`  read units: ${(after.readUnits - before.readUnits).toFixed(1)} → ${((after.readUnits - before.readUnits) / size).toFixed(3)} per elder, in ${(after.calls.Query ?? 0) - (before.calls.Query ?? 0)} Query calls; no Scan`);
    console.log(
      `  report: rate ${((report.rates.total.rate ?? 0) * 100).toFixed(1)} % of ${report.rates.total.owed.toLocaleString('en')} windows, ${report.shortfalls.length.toLocaleString('en')} shortfalls named, ${report.ledger.total.toLocaleString('en')} elders on the ledger — in ${seconds.toFixed(1)} s`,
    );
    console.log('');
  } finally {
    await db.close();
  }
}
