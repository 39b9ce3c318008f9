import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Repositories } from '../shared/adapters/dynamodb/repositories';
import { fieldAppHandler } from '../shared/adapters/http/field-app';
import { startLocalApi } from '../shared/adapters/http/local-server';
import type { LocalApiOptions } from '../shared/adapters/http/local-server';
import { LocalLedgerStorage } from '../shared/adapters/storage/local-ledger-storage';
import { ulidGenerator } from '../shared/adapters/system';
import type { RegionRuntime } from '../shared/config/region-config';
import { apiRoutes } from '../shared/http/routes';
import { handleSmsCallback } from '../shared/http/sms-callbacks';
import type { Clock, IdGenerator } from '../shared/ports';
import { inProcessImports } from './landed-imports';
import { deviceAlarmRoute } from '../shared/adapters/http/device-alarm-local';
import type { DeviceKeyring } from '../shared/adapters/http/device-signature';

/** Where the built field app is (`npm run web:build` writes it). */
export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '..', 'web', 'dist');

export interface ServeAppOptions {
  repos: Repositories;
  runtime: RegionRuntime;
  clock: Clock;
  /** The folder of the local database; uploads go to `<dataDir>/uploads`. */
  uploadsDir: string;
  idKey: string;
  port?: number;
  webRoot?: string;
  ids?: IdGenerator;
  /** How tokens are checked (the development issuer and the config's person claim); default: the default development issuer. */
  auth?: LocalApiOptions['auth'];
  /** Where given, the SMS providers' receipt and reply callbacks are answered, with this path token. */
  callbackToken?: string | undefined;
  /** The device platforms' keys (`POST /devices/alarms`); absent: every alarm is refused unsigned. */
  deviceKeys?: DeviceKeyring;
}

/**
 * The API and the field app on one loopback origin, over a local database: what `tanfang
 * serve`, `npm start` and the browser tests run. Ledger uploads are received into a folder,
 * through URLs signed with a key made at start (they last 15 minutes, like S3's), and imported
 * in-process when they land, as the import-ledger function imports them in AWS.
 */
export async function serveApp(options: ServeAppOptions) {
  const storage = new LocalLedgerStorage(options.uploadsDir, randomBytes(32).toString('hex'), options.clock);
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const imports = inProcessImports({ ...options.repos, clock: options.clock, runtime: options.runtime, idKey: options.idKey, storage }, (error) =>
    process.stderr.write(`tanfang serve: a ledger import failed (its upload stays importing): ${(error as Error).message}\n`),
  );
  const routes = apiRoutes({ ...options.repos, clock: options.clock, runtime: options.runtime, applyAlertsInline: true, developmentSignIn: true, idKey: options.idKey, ledgerStorage: storage, ids: options.ids ?? ulidGenerator() });
  const api = await startLocalApi(routes, (id) => options.repos.people.get(id), {
    ...(options.port !== undefined ? { port: options.port } : {}),
    now: () => options.clock.now(),
    ...(options.auth ? { auth: options.auth } : {}),
    before: beforeApi(deviceAlarmRoute({ ...options.repos, clock: options.clock, runtime: options.runtime, keys: options.deviceKeys ?? (async () => undefined) }), fieldAppHandler({ webRoot, storage, onStored: imports.landed })),
    ...(options.callbackToken !== undefined ? { smsCallbacks: smsCallbacksOf(options, options.callbackToken) } : {}),
  });
  return { ...api, webBuilt: existsSync(join(webRoot, 'index.html')), importsSettled: imports.settled };
}

/** The providers' callbacks over the local database, as the callback function answers them in AWS. */
function smsCallbacksOf(options: ServeAppOptions, token: string) {
  const deps = { ...options.repos, clock: options.clock, runtime: options.runtime, callbackToken: async () => token };
  return async (req: { method: string; path: string; body: string | undefined }) => (await handleSmsCallback(deps, req)).response;
}

/** What the origin answers before the API, in order: device alarms, then the field app and uploads. */
function beforeApi(...handlers: NonNullable<LocalApiOptions['before']>[]): NonNullable<LocalApiOptions['before']> {
  return async (req, res, url) => {
    for (const handle of handlers) if (await handle(req, res, url)) return true;
    return false;
  };
}
