import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Random } from '../../cli/simulation/random';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';

const ROOT = join(import.meta.dirname, '../..');

/** Where a run is killed: at the nth write of one kind, before it is sent or after its answer. */
export interface KillPoint {
  kind: string;
  n: number;
  when: 'before' | 'after';
}

/** Runs the CLI as a child process that is SIGKILLed at a kill point; resolves with how it ended. */
export function runKilledAt(args: readonly string[], point: KillPoint): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', join(ROOT, 'test/kill/kill-after-writes.ts'), join(ROOT, 'cli/bin/tanfang.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, TANFANG_KILL_ON: `${point.kind}Command`, TANFANG_KILL_AT_WRITE: String(point.n), TANFANG_KILL_WHEN: point.when, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** The document-client commands behind each write request the store's meter counts. */
const WRITE_KINDS: Record<string, string> = { PutItem: 'Put', UpdateItem: 'Update', DeleteItem: 'Delete', BatchWriteItem: 'BatchWrite' };

/** Writes a run made, by kind (as the kill hook counts them: one per request), from the store's meter. */
export function writesByKind(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [request, kind] of Object.entries(WRITE_KINDS)) {
    const n = (after[request] ?? 0) - (before[request] ?? 0);
    if (n > 0) out[kind] = n;
  }
  return out;
}

/**
 * Seeded kill points over a run's writes: the kinds taken in turn, rarest first (a run of 60
 * claims and 6 batch writes must be killed among the batches too), each at a random write of
 * its kind, before or after it.
 */
export function killPoints(random: Random, writes: Record<string, number>, count: number): KillPoint[] {
  const kinds = Object.entries(writes).sort((a, b) => a[1] - b[1]);
  return Array.from({ length: count }, (_, i) => {
    const [kind, total] = kinds[i % kinds.length]!;
    return { kind, n: random.int(1, total), when: random.chance(0.5) ? 'before' : 'after' };
  });
}

/** A disk-backed local database (as `--data` keeps one), opened in this process. */
export async function withDisk<T>(dir: string, use: (db: EmbeddedDynamo, repos: Repositories) => Promise<T>): Promise<T> {
  const db = await startEmbeddedDynamo({ path: dir });
  try {
    return await use(db, dynamoRepositories(db.client, db.names));
  } finally {
    await db.close();
  }
}
