import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { DynamoElderRepository } from '../../shared/adapters/dynamodb/elder-repository';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { generateTasks } from '../../shared/app/generate-tasks';
import { loadRegion } from '../../shared/config/load';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { recordFromRegistration } from '../../shared/domain/ledger/elder-record';
import { instantAt } from '../../shared/domain/time/instant';
import { addDays } from '../../shared/domain/time/local-date';
import { syntheticLedger } from '../../cli/simulation/ledger';

const fmt = (n: number, digits = 2) => n.toFixed(digits);

/**
 * A month of daily generation runs (29 Oct – 28 Nov 2026) over a Sichuan ledger of `size` elders.
 * Request units come from DynamoDB's ReturnConsumedCapacity (dynalite reports the table's units;
 * index writes are estimated from which sparse indexes each written item enters).
 */
export async function benchGeneration(size: number): Promise<void> {
  const runtime = loadRegion('sichuan');
  const db = await startEmbeddedDynamo();
  try {
    const repos = dynamoRepositories(db.client, db.names);
    const ledger = syntheticLedger({ runtime, seed: 1, elders: size, asOf: '2026-11-01' });
    const loadStart = performance.now();
    for (const person of ledger.people) await repos.people.save(person);
    const at = '2026-10-28T20:00:00+08:00';
    const records = ledger.registrations.map((r) => recordFromRegistration(elderRegistrationSchema.parse(r), at));
    await new DynamoElderRepository(db.client, db.names).importNew(records);
    const loadSeconds = (performance.now() - loadStart) / 1000;

    const clock = new ManualClock(at);
    const before = db.meter.snapshot();
    let seconds = 0;
    let created = 0;
    let assigned = 0;
    let advanced = 0;
    let digests = 0;
    let generatedElders = 0;
    const daily: { date: string; eldersRead: number; readUnits: number }[] = [];
    for (let day = 0; day < 31; day++) {
      const date = addDays('2026-10-29', day);
      clock.set(instantAt(date, '06:00:00'));
      const readsBefore = db.meter.readUnits;
      const t0 = performance.now();
      const report = await generateTasks({ ...repos, clock, runtime, concurrency: 32 });
      seconds += (performance.now() - t0) / 1000;
      created += report.tasksCreated;
      assigned += report.tasksCreated - report.tasksUnassigned;
      advanced += report.eldersGenerated;
      generatedElders += report.eldersGenerated;
      digests += report.digestsQueued;
      daily.push({ date, eldersRead: report.eldersRead, readUnits: db.meter.readUnits - readsBefore });
    }
    const after = db.meter.snapshot();
    const reads = after.readUnits - before.readUnits;
    const writes = after.writeUnits - before.writeUnits;
    // Index entries written: each new task enters openByAttention, and openByVisitor when
    // assigned or byAreaMonth when left open (it enters byAreaMonth with its outcome otherwise);
    // each cursor advance moves the elder in dueForGeneration (a delete and a put in the index);
    // each digest enters the outbox's ready index.
    const indexWrites = created + assigned + (created - assigned) + advanced * 2 + digests;

    console.log(`— ${size.toLocaleString('en')} elders (ledger loaded in ${fmt(loadSeconds, 1)} s by batch import)`);
    console.log(
      `  a month of daily runs: ${created.toLocaleString('en')} tasks for ${generatedElders.toLocaleString('en')} elder-runs in ${fmt(seconds, 1)} s → ${fmt(generatedElders / seconds, 0)} elders/s, ${fmt(created / seconds, 0)} tasks/s`,
    );
    console.log(`  write units per created task: ${fmt(writes / created)} (table, metered)  + ${fmt(indexWrites / created)} (index entries, estimated)   target ≤ 2 (table)`);
    console.log(`  read units per created task:  ${fmt(reads / created, 3)}   target ≤ 0.2`);
    console.log(`  SMS per task: ${fmt(digests / created, 3)} (${digests.toLocaleString('en')} daily digests; at most one per visitor per day by construction of the message id)`);
    console.log('  reads per daily run (elders read from the generation index, read units):');
    const busy = daily.filter((d) => d.eldersRead > 0);
    const quiet = daily.filter((d) => d.eldersRead === 0);
    for (const d of busy) console.log(`    ${d.date}: ${d.eldersRead.toLocaleString('en').padStart(8)} elders due, ${fmt(d.readUnits, 1).padStart(9)} RU`);
    console.log(`    the other ${quiet.length} days: 0 elders due, ${fmt(Math.max(0, ...quiet.map((d) => d.readUnits)), 1)} RU at most (empty index queries)`);
    console.log('');
  } finally {
    await db.close();
  }
}
