import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { DynamoElderRepository } from '../../shared/adapters/dynamodb/elder-repository';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { applyOccasion } from '../../shared/app/apply-occasion';
import { ingestAlert } from '../../shared/app/ingest-alert';
import { loadRegion } from '../../shared/config/load';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { recordFromRegistration } from '../../shared/domain/ledger/elder-record';
import { syntheticLedger } from '../../cli/simulation/ledger';

/**
 * A red heat warning over a whole county of `size` elders (Sichuan rules: key elders a home
 * visit in 24 h, others a call in 12 h, every visitor and every child told): how many SMS, per
 * elder, and how long it takes to create the tasks and queue every notice; then the same alert
 * ingested again, which must add nothing.
 */
export async function benchSpecial(size: number): Promise<void> {
  const runtime = loadRegion('sichuan');
  const db = await startEmbeddedDynamo();
  try {
    const repos = dynamoRepositories(db.client, db.names);
    const ledger = syntheticLedger({ runtime, seed: 1, elders: size, asOf: '2026-07-01' });
    for (const person of ledger.people) await repos.people.save(person);
    const at = '2026-07-20T09:00:00+08:00';
    await new DynamoElderRepository(db.client, db.names).importNew(ledger.registrations.map((r) => recordFromRegistration(elderRegistrationSchema.parse(r), at)));
    const clock = new ManualClock('2026-07-20T10:00:00+08:00');
    const alert = { identifier: 'bench-heat', sender: 'bench', sent: '2026-07-20T10:00:00+08:00', event: 'heat', level: 'red', areaCodes: ['510108'], onset: '2026-07-20T10:00:00+08:00', expires: '2026-07-22T10:00:00+08:00' };
    const before = db.meter.snapshot();
    const t0 = performance.now();
    const { occasionId } = await ingestAlert({ occasions: repos.occasions, clock, runtime }, { json: alert });
    const report = await applyOccasion({ ...repos, clock, runtime, concurrency: 32 }, occasionId);
    const seconds = (performance.now() - t0) / 1000;
    const after = db.meter.snapshot();
    const notices = report.visitorNotices + report.familyNotices;
    const t1 = performance.now();
    await ingestAlert({ occasions: repos.occasions, clock, runtime }, { json: alert });
    const again = await applyOccasion({ ...repos, clock, runtime, concurrency: 32 }, occasionId);
    const againSeconds = (performance.now() - t1) / 1000;
    const sendMinutes = notices / runtime.config.sms.sendsPerSecond / 60;
    console.log(`Red heat warning over ${size.toLocaleString('en')} elders (one county, Sichuan rules)`);
    console.log(
      `  affected served elders:      ${report.elders.toLocaleString('en')} (${Object.entries(report.eldersByRule)
        .map(([r, n]) => `${r} ${n}`)
        .join(', ')})`,
    );
    console.log(`  extra tasks created:         ${report.tasksCreated.toLocaleString('en')}`);
    console.log(`  SMS queued:                  ${notices.toLocaleString('en')} (${report.visitorNotices} visitors, ${report.familyNotices.toLocaleString('en')} family phones), ${report.noticeSegments.toLocaleString('en')} segments`);
    console.log(`  SMS per affected elder:      ${(notices / Math.max(1, report.elders)).toFixed(3)}`);
    console.log(`  time to create tasks and queue every notice: ${seconds.toFixed(1)} s (${(report.elders / seconds).toFixed(0)} elders/s)`);
    console.log(`  request units:               ${(after.readUnits - before.readUnits).toFixed(0)} read, ${(after.writeUnits - before.writeUnits).toFixed(0)} write`);
    console.log(`  sending at ${runtime.config.sms.sendsPerSecond}/s (sms.sendsPerSecond): ${sendMinutes.toFixed(0)} min for all notices`);
    console.log(`  applied again (a stream retry): ${again.tasksCreated} tasks, ${again.visitorNotices + again.familyNotices} notices added (${againSeconds.toFixed(1)} s)\n`);
  } finally {
    await db.close();
  }
}
