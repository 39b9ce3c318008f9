import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { serveApp } from '../../cli/serve-app';
import { escalatedWorld } from '../helpers/escalated-world';

export const WEB_ROOT = resolve(import.meta.dirname, '..', '..', 'web');
export const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/** Builds the field app once for the run (the browser tests serve web/dist). */
export async function buildFieldApp(): Promise<void> {
  await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/** The escalated world (test/helpers/escalated-world.ts) served on loopback as `tanfang serve` serves it. */
export async function fieldWorld() {
  const world = await escalatedWorld();
  const server = await serveApp({ repos: world.repos, runtime: world.runtime, clock: world.clock, uploadsDir: mkdtempSync(join(tmpdir(), 'tanfang-uploads-')), idKey: 'test-key', webRoot: join(WEB_ROOT, 'dist') });
  const token = (personId: string) => signDevToken(personId, [], { now: world.clock.now() });
  return { world, server, token, signInLink: async (personId: string) => `${server.url}/#/sign-in?token=${await token(personId)}` };
}
