import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { applyOccasion } from '../../shared/app/apply-occasion';
import { ingestAlert } from '../../shared/app/ingest-alert';
import { registerElder } from '../../shared/app/register-elder';
import { loadRegion } from '../../shared/config/load';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { Random } from '../../cli/simulation/random';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { cli } from '../helpers/cli';
import { killPoints, runKilledAt, withDisk, writesByKind } from './child';

/**
 * `tanfang alert ingest` SIGKILLed at seeded points while it records and applies a red heat
 * warning over the county, then run again: every affected elder must end with the one extra
 * task, every visitor and family with the one notice, and the occasion's counters exact —
 * exactly what a run never killed leaves.
 */
const SEED = 7;
const KILLS = 3;
const AT = '2026-07-20T10:05:00+08:00';
const runtime = loadRegion('sichuan');
const root = mkdtempSync(join(tmpdir(), 'tanfang-kill-alert-'));
const base = join(root, 'base');
const file = join(root, 'heat.json');
const ledger = syntheticLedger({ runtime, seed: 9, elders: 60, asOf: '2026-07-01' });
const warning = { identifier: 'kill-heat-1', sender: '成华区气象台', sent: '2026-07-20T10:00:00+08:00', event: 'heat', level: 'red', areaCodes: ['510108'], onset: '2026-07-20T10:00:00+08:00', expires: '2026-07-22T10:00:00+08:00' };
const ingestArgs = (dir: string) => ['alert', 'ingest', file, '--data', dir, '--region', 'sichuan', '--at', AT];
const OCCASION = 'alert:kill-heat-1';

/** What the store holds of the occasion: its extra tasks, its notices, its counters. */
async function outcome(_db: EmbeddedDynamo, repos: Repositories) {
  const tasks: string[] = [];
  for (const r of ledger.registrations) {
    for (const t of await repos.tasks.forElder(r.id)) if (t.kind === 'special') tasks.push(`${t.elderId}#${t.taskId}#${(t.occasions ?? []).join('+')}#${t.state}`);
  }
  // Every notice this occasion may have queued: one per visitor, one per family phone (ids carry a hash of the number).
  const candidates = ledger.people.filter((p) => p.roles.includes('visitor')).map((p) => `occasion#${OCCASION}#visitor#${p.personId}`);
  for (const r of ledger.registrations) {
    for (const phone of (await repos.elders.get(r.id))?.familyPhones ?? []) candidates.push(`occasion#${OCCASION}#family#${createHash('sha256').update(phone).digest('hex').slice(0, 20)}`);
  }
  const notices: string[] = [];
  for (const id of new Set(candidates)) {
    const message = await repos.outbox.get(id);
    if (message) notices.push(`${id}#${message.state}`);
  }
  const { elders, tasksCreated, noticesQueued } = await repos.occasions.stats(OCCASION);
  return { tasks: tasks.sort(), notices: notices.sort(), stats: { elders, tasksCreated, noticesQueued }, applied: await repos.occasions.appliedRevision(OCCASION) };
}

let writes: Record<string, number> = {};
let expected: Awaited<ReturnType<typeof outcome>>;

beforeAll(async () => {
  writeFileSync(file, JSON.stringify(warning));
  await withDisk(base, async (_db, repos) => {
    const clock = new ManualClock('2026-07-01T09:00:00+08:00');
    for (const p of ledger.people) await repos.people.save(p);
    for (const r of ledger.registrations) await registerElder({ ...repos, clock, runtime }, r);
  });
  const control = join(root, 'control');
  cpSync(base, control, { recursive: true });
  await withDisk(control, async (db, repos) => {
    const before = db.meter.snapshot().calls;
    const clock = new ManualClock(AT);
    const result = await ingestAlert({ ...repos, clock, runtime }, { json: warning });
    await applyOccasion({ ...repos, clock, runtime }, result.occasionId);
    writes = writesByKind(before, db.meter.snapshot().calls);
    expected = await outcome(db, repos);
  });
}, 60_000);

describe('kill and rerun: alert ingest', () => {
  it(`ends, after ${KILLS} SIGKILLs at seeded points and a rerun each, with every elder’s task and every notice present exactly once`, async () => {
    expect(expected.tasks.length).toBeGreaterThan(20);
    expect(Object.keys(writes).length).toBeGreaterThan(1);
    expect(expected.stats).toEqual({ elders: expected.tasks.length, tasksCreated: expected.tasks.length, noticesQueued: expected.notices.length });
    for (const point of killPoints(new Random(SEED), writes, KILLS)) {
      const { kind, n, when } = point;
      const dir = join(root, `kill-${kind}-${n}-${when}`);
      cpSync(base, dir, { recursive: true });
      const killed = await runKilledAt(ingestArgs(dir), point);
      expect({ kind, n, when, signal: killed.signal }).toEqual({ kind, n, when, signal: 'SIGKILL' });
      const rerun = await cli(ingestArgs(dir));
      expect({ kind, n, when, code: rerun.code }).toEqual({ kind, n, when, code: 0 });
      expect(['accepted', 'updated', 'resumed', 'duplicate']).toContain((JSON.parse(rerun.stdout) as { outcome: string }).outcome);
      const after = await withDisk(dir, outcome);
      expect({ kind, n, when, after }).toEqual({ kind, n, when, after: expected });
    }
  }, 90_000);
});
