import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { generateTasks } from '../../shared/app/generate-tasks';
import { serveApp } from '../../cli/serve-app';
import { loadLedger, newWorld, savePeople } from '../helpers/world';
import type { World } from '../helpers/world';

export const WEB_ROOT = resolve(import.meta.dirname, '..', '..', 'web');
export const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/** Builds the field app once for the run (the browser tests serve web/dist). */
export async function buildFieldApp(): Promise<void> {
  await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * A township served on loopback as `tanfang serve` serves it: a synthetic ledger, tasks
 * generated for November, the first half-month's key visits overdue and escalated (so the
 * inbox has work), the clock on 20 November at 10:00.
 */
export async function fieldWorld() {
  const world: World = await newWorld('sichuan', '2026-11-01T06:00:00+08:00');
  await loadLedger(world, { elders: 60 });
  await savePeople(world, [{ personId: 'admin-1', name: '管理员', roles: ['admin'], areaCode: '510108', active: true }]);
  const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
  await generateTasks(deps);
  world.clock.set('2026-11-16T06:00:00+08:00');
  await generateTasks(deps);
  world.clock.set('2026-11-20T10:00:00+08:00');
  await escalateOverdue(deps);
  const server = await serveApp({ repos: world.repos, runtime: world.runtime, clock: world.clock, uploadsDir: mkdtempSync(join(tmpdir(), 'tanfang-uploads-')), idKey: 'test-key', webRoot: join(WEB_ROOT, 'dist') });
  const token = (personId: string) => signDevToken(personId, [], { now: world.clock.now() });
  return { world, server, token, signInLink: async (personId: string) => `${server.url}/#/sign-in?token=${await token(personId)}` };
}
