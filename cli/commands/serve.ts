import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { DEFAULT_DEV_ISSUER_KEY_FILE, devIssuerFromFile } from '../../shared/adapters/http/dev-issuer';
import { personIdFromClaims } from '../../shared/adapters/http/person-claim';
import { DEFAULT_PERSON_CLAIM } from '../../shared/config/auth-config';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { systemClock } from '../../shared/adapters/system';
import { loadRegion } from '../../shared/config/load';
import { withLocalSettings } from '../local-settings';
import { idKeyFromEnv } from '../../shared/config/id-key';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { serveApp } from '../serve-app';
import { exitWith, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';
import { localCallbackToken } from '../../shared/adapters/local/callback-token';
import { DEVICE_KEYS_FILE, FileDeviceKeys } from '../../shared/adapters/local/device-keys';

/** The development issuer `serve`, `token` and `npm start` share: its key file (TANFANG_DEV_ISSUER_KEY, else .tanfang/dev-issuer-key.json). */
export const cliDevIssuer = () => devIssuerFromFile(process.env.TANFANG_DEV_ISSUER_KEY ?? DEFAULT_DEV_ISSUER_KEY_FILE);

/**
 * `tanfang serve`: the HTTP API and the field app (web/dist) on loopback over a local database. Tokens come from the
 * development issuer (`tanfang token --person <id>`) and are checked like API Gateway checks
 * the region's OIDC issuer, with the person read from the config's `auth.personClaim`. It also
 * answers the providers' receipt and reply callbacks. Runs until interrupted.
 */
export const mountServe: Mount = (program, io, setCode) => {
  const serve = program
    .command('serve')
    .description('the HTTP API and field app on loopback over a local database')
    .requiredOption('--data <dir>', 'the folder of a local database, e.g. from `tanfang simulate --data <dir>`')
    .requiredOption('--region <name>', 'the region config, e.g. sichuan')
    .option('--port <port>', 'the loopback port', '8787')
    .option('--web <dir>', 'the built field app to serve (default web/dist)');
  withExamples(serve, ['tanfang serve --data .tanfang/db --region sichuan']).action(exitWith(setCode, () => runServe(serve.opts<{ data: string; region: string; port: string; web?: string }>(), io)));
};

async function runServe(values: { data: string; region: string; port: string; web?: string | undefined }, io: CliIo): Promise<number> {
  const dir = values.data;
  if (!existsSync(dir)) throw new UsageError(`--data ${dir} does not exist`);
  const runtime = await withLocalSettings(loadRegion(values.region), dir, io);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${values.port}"`);
  const db = await startEmbeddedDynamo({ path: resolve(dir) });
  const repos = dynamoRepositories(db.client, db.names);
  const issuer = await cliDevIssuer();
  const api = await serveApp({
    repos,
    runtime,
    clock: systemClock,
    uploadsDir: join(resolve(dir), 'uploads'),
    idKey: idKeyFromEnv(),
    port,
    auth: { issuer, personClaim: runtime.config.auth.personClaim },
    deviceKeys: new FileDeviceKeys(join(resolve(dir), DEVICE_KEYS_FILE)).keyring(),
    ...(values.web ? { webRoot: resolve(values.web) } : {}),
    // Receipts and replies as the providers post them, authenticated by the data folder's token (`tanfang sms callback-url`).
    callbackToken: localCallbackToken(dir),
  });
  writeLine(
    io.stderr,
    `Tanfang API (${runtime.config.name}) and field app on ${api.url}  — OpenAPI at ${api.url}/openapi.json; tokens: tanfang token --person <id>; SMS callback URLs: tanfang sms callback-url --data ${dir} --region ${runtime.config.name}${api.webBuilt ? '' : '\n  (the field app is not built: npm run web:build)'}`,
  );
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
  await api.close();
  await db.close();
  return 0;
}

/**
 * `tanfang token --person <id> [--region <name>]`: a development token (12 hours) that
 * `tanfang serve` accepts; `--region` puts the person id in that config's `auth.personClaim`.
 */
export const mountToken: Mount = (program, io, setCode) => {
  const token = program
    .command('token')
    .description('a development token that `tanfang serve` accepts')
    .requiredOption('--person <id>', 'a person id on the roster, e.g. vis-510108001001-1')
    .option('--region <name>', 'the region config whose auth.personClaim carries the person');
  withExamples(token, ['tanfang token --person vis-510108001001-1 --region sichuan']).action(
    exitWith(setCode, async () => {
      const { person, region } = token.opts<{ person: string; region?: string }>();
      if (!personIdFromClaims({ person }, 'person')) throw new UsageError(`--person must be a roster person id (1–64 letters, digits, _ or -), got "${person}"`);
      const personClaim = region ? loadRegion(region).config.auth.personClaim : DEFAULT_PERSON_CLAIM;
      writeLine(io.stdout, await signDevToken(person, [], { issuer: await cliDevIssuer(), personClaim }));
      return 0;
    }),
  );
};
