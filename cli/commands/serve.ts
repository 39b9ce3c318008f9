import { parseArgs } from 'node:util';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { systemClock } from '../../shared/adapters/system';
import { loadRegion } from '../../shared/config/load';
import { idKeyFromEnv } from '../../shared/config/id-key';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { serveApp } from '../serve-app';

/**
 * `tanfang serve`: the HTTP API and the field app on loopback over a local database, with
 * development tokens (`tanfang token --person <id>`) in place of the region's sign-in. Runs until interrupted.
 */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, region: { type: 'string' }, port: { type: 'string', default: '8787' }, web: { type: 'string' } }, strict: true });
  const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
  const dir = requireOption(values, 'data', 'the folder of a local database, e.g. from `tanfang simulate --data <dir>`');
  if (!existsSync(dir)) throw new UsageError(`--data ${dir} does not exist`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${values.port}"`);
  const db = await startEmbeddedDynamo({ path: resolve(dir) });
  const repos = dynamoRepositories(db.client, db.names);
  const api = await serveApp({ repos, runtime, clock: systemClock, uploadsDir: join(resolve(dir), 'uploads'), idKey: idKeyFromEnv(), port, ...(values.web ? { webRoot: resolve(values.web) } : {}) });
  writeLine(io.stderr, `Tanfang API (${runtime.config.name}) and field app on ${api.url}  — OpenAPI at ${api.url}/openapi.json; tokens: tanfang token --person <id>${api.webBuilt ? '' : '\n  (the field app is not built: npm run web:build)'}`);
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
  await api.close();
  await db.close();
  return 0;
}

/** `tanfang token --person <id>`: a development token for `tanfang serve` (12 hours). */
export async function tokenCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { person: { type: 'string' } }, strict: true });
  writeLine(io.stdout, await signDevToken(requireOption(values, 'person', 'a person id on the roster, e.g. vis-510108001001-1'), []));
  return 0;
}
