import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeLedger } from '../../shared/adapters/ledger-files/write';
import { readSheet } from '../../shared/adapters/ledger-files/read';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { generateTasks } from '../../shared/app/generate-tasks';
import { importLedger } from '../../shared/app/import-ledger';
import { idKeyFromEnv } from '../../shared/config/id-key';
import { loadRegion } from '../../shared/config/load';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { registrationToRow } from '../../shared/domain/ledger/columns';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { Random } from '../../cli/simulation/random';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { cli } from '../helpers/cli';
import { killPoints, runKilledAt, withDisk, writesByKind } from './child';

/**
 * `tanfang ledger import` SIGKILLed at seeded points of its run (before a write, or just after
 * one was answered), then run again: every elder must be served (projection in step, in the
 * generation index) and every task present exactly once — the same tasks as a run never killed.
 */
const SEED = 11;
const KILLS = 3;
const AT = '2026-10-31T20:00:00+08:00';
const GENERATE_AT = '2026-11-01T06:00:00+08:00';
const runtime = loadRegion('sichuan');
const root = mkdtempSync(join(tmpdir(), 'tanfang-kill-import-'));
const file = join(root, 'ledger.csv');
const base = join(root, 'base');
const ledger = syntheticLedger({ runtime, seed: 5, elders: 60, asOf: '2026-11-01' });
const importArgs = (dir: string) => ['ledger', 'import', file, '--data', dir, '--region', 'sichuan', '--at', AT, '--report', join(dir, 'errors.csv')];

async function taskKeys(repos: Repositories): Promise<string[]> {
  await generateTasks({ ...repos, clock: new ManualClock(GENERATE_AT), runtime });
  const keys: string[] = [];
  for (const r of ledger.registrations) for (const t of await repos.tasks.forElder(r.id)) keys.push(`${t.elderId}#${t.taskId}`);
  return keys.sort();
}

let writes: Record<string, number> = {};
let expected: string[] = [];

beforeAll(async () => {
  await withDisk(base, async (_db, repos) => {
    for (const p of ledger.people) await repos.people.save(p);
  });
  await writeLedger(
    file,
    ledger.registrations.map((r) => registrationToRow(elderRegistrationSchema.parse(r))),
  );
  // The run never killed: how many writes it makes, and the tasks it leads to.
  const control = join(root, 'control');
  cpSync(base, control, { recursive: true });
  await withDisk(control, async (db, repos) => {
    const before = db.meter.snapshot().calls;
    const report = await importLedger({ ...repos, clock: new ManualClock(AT), runtime, idKey: idKeyFromEnv() }, (await readSheet(file)).rows);
    expect(report).toMatchObject({ created: 60, badRows: 0 });
    writes = writesByKind(before, db.meter.snapshot().calls);
    expected = await taskKeys(repos);
  });
}, 60_000);

describe('kill and rerun: ledger import', () => {
  it(`ends, after ${KILLS} SIGKILLs at seeded points and a rerun each, with every elder served and every task present exactly once`, async () => {
    expect(expected.length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(writes).length).toBeGreaterThan(1);
    for (const point of killPoints(new Random(SEED), writes, KILLS)) {
      const { kind, n, when } = point;
      const dir = join(root, `kill-${kind}-${n}-${when}`);
      cpSync(base, dir, { recursive: true });
      const killed = await runKilledAt(importArgs(dir), point);
      expect({ kind, n, when, signal: killed.signal }).toEqual({ kind, n, when, signal: 'SIGKILL' });
      const rerun = await cli(importArgs(dir));
      expect({ kind, n, when, code: rerun.code }).toEqual({ kind, n, when, code: 0 });
      expect(JSON.parse(rerun.stdout)).toMatchObject({ badRows: 0 });
      const check = await cli(['ledger', 'check', '--data', dir, '--region', 'sichuan', '--dry-run']);
      expect({ kind, n, when, check: JSON.parse(check.stdout) }).toMatchObject({ kind, n, when, check: { checked: 60, missingProjection: 0, staleProjection: 0, unsettled: 0 } });
      const keys = await withDisk(dir, async (_db, repos) => taskKeys(repos));
      expect({ kind, n, when, keys }).toEqual({ kind, n, when, keys: expected });
    }
  }, 90_000);
});
