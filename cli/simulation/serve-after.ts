import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { followingClock } from '../../shared/adapters/local/following-clock';
import type { RegionRuntime } from '../../shared/config/region-config';
import { idKeyFromEnv } from '../../shared/config/id-key';
import type { Person } from '../../shared/domain/people/person';
import { writeLine } from '../io';
import type { CliIo } from '../io';
import { serveApp } from '../serve-app';
import { cliDevIssuer } from '../commands/serve';

/**
 * After `npm start`'s simulated weeks: the API and the field app over the simulated database,
 * on loopback, its clock running on from the simulation's end, until Ctrl-C. Prints the address
 * and sign-in links (development tokens) for a visitor, a township instructor and an administrator.
 */
export async function serveSimulation(input: { repos: Repositories; runtime: RegionRuntime; endedAt: Date; people: Person[]; dataDir?: string | undefined; port: number }, io: CliIo, untilStopped: Promise<void>): Promise<void> {
  const clock = followingClock(input.endedAt);
  const uploadsDir = resolve(input.dataDir ? join(input.dataDir, 'uploads') : join('.tanfang', 'uploads'));
  mkdirSync(uploadsDir, { recursive: true });
  const issuer = await cliDevIssuer();
  const { personClaim } = input.runtime.config.auth;
  const options = { repos: input.repos, runtime: input.runtime, clock, uploadsDir, idKey: idKeyFromEnv(), auth: { issuer, personClaim } };
  const server = await serveApp({ ...options, port: input.port }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    return serveApp({ ...options, port: 0 });
  });
  const visitor = input.people.find((p) => p.roles.includes('visitor'));
  const instructor = input.people.find((p) => p.roles.includes('instructor'));
  const link = async (p: Person | undefined) => (p ? `${server.url}/#/sign-in?token=${await signDevToken(p.personId, [], { issuer, personClaim, now: clock.now() })}` : '(none on the roster)');
  const admin = { personId: 'admin-local', name: '本地管理员', roles: ['admin' as const], areaCode: input.runtime.config.deploymentArea, active: true };
  await input.repos.people.save(admin);
  writeLine(io.stderr, '');
  writeLine(io.stderr, `The field app and the API are on ${server.url} (the simulated clock runs on from ${input.endedAt.toISOString()}); Ctrl-C to stop.`);
  if (!server.webBuilt) writeLine(io.stderr, '  The field app is not built: run `npm run web:build` and reload.');
  writeLine(io.stderr, `  visitor ${visitor?.personId}:      ${await link(visitor)}`);
  writeLine(io.stderr, `  supervisor ${instructor?.personId}: ${await link(instructor)}`);
  writeLine(io.stderr, `  administrator ${admin.personId}:    ${await link(admin)}`);
  await untilStopped;
  await server.close();
}
