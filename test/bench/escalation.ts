import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { loadRegion } from '../../shared/config/load';
import { bulkPutTasks, syntheticTask } from '../helpers/bulk';

/**
 * One escalation run over `size` open tasks of which `share` are overdue: the run should read
 * about as many items as are overdue, whatever the number of tasks.
 */
export async function benchEscalation(size: number, share: number): Promise<void> {
  const runtime = loadRegion('sichuan');
  const db = await startEmbeddedDynamo();
  try {
    const repos = dynamoRepositories(db.client, db.names);
    const overdue = Math.round(size * share);
    const tasks = Array.from({ length: size }, (_, i) => syntheticTask(i, i < overdue ? '2026-11-15T23:59:59+08:00' : '2026-11-30T23:59:59+08:00', { taskId: i < overdue ? '2026-11-H1#1' : '2026-11#1' }));
    const loadStart = performance.now();
    await bulkPutTasks(db.client, db.names.tasks, tasks);
    for (let t = 1; t <= 4; t++) {
      const township = `510108${String(t).padStart(3, '0')}`;
      await repos.people.save({ personId: `ins-${township}`, name: '王芳', roles: ['instructor'], areaCode: township, phone: '+8613800000000', active: true });
      for (let v = 1; v <= 3; v++) {
        const village = `${township}${String(v).padStart(3, '0')}`;
        await repos.people.save({ personId: `lia-${village}`, name: '李强', roles: ['liaison'], areaCode: village, phone: '+8613800000001', active: true });
      }
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;

    // 17 Nov 00:05, the first run after the 15 Nov windows closed: each overdue task is marked
    // missed and takes its first step (one level per run).
    const clock = new ManualClock('2026-11-17T00:05:00+08:00');
    const before = db.meter.snapshot();
    const t0 = performance.now();
    const report = await escalateOverdue({ ...repos, clock, runtime });
    const seconds = (performance.now() - t0) / 1000;
    const after = db.meter.snapshot();
    const escalated = Object.values(report.escalatedByLevel).reduce((a, b) => a + b, 0);
    const queries = (after.calls.Query ?? 0) - (before.calls.Query ?? 0);
    console.log(`— escalation run over ${size.toLocaleString('en')} open tasks, ${overdue.toLocaleString('en')} overdue (${(share * 100).toFixed(1)} %; loaded in ${loadSeconds.toFixed(1)} s)`);
    console.log(`  tasks read: ${report.considered.toLocaleString('en')} → ${(report.considered / overdue).toFixed(3)} items read per overdue task (${((report.considered / size) * 100).toFixed(2)} % of all tasks)`);
    console.log(`  read units: ${(after.readUnits - before.readUnits).toFixed(1)} in ${queries} Query calls (one page per attention shard + 1 roster query per area); writes: ${(after.writeUnits - before.writeUnits).toFixed(1)} units`);
    console.log(`  escalated ${escalated.toLocaleString('en')} tasks (by level ${JSON.stringify(report.escalatedByLevel)}), ${report.markedMissed} marked missed, in ${seconds.toFixed(1)} s`);
    console.log(`  SMS: ${report.smsQueued} queued → ${(report.smsQueued / escalated).toFixed(4)} SMS per escalated task (one per supervisor per run)`);
    console.log('');
  } finally {
    await db.close();
  }
}
