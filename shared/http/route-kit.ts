import { z } from 'zod';
import type { Repositories } from '../adapters/dynamodb/repositories';
import type { RegionRuntime } from '../config/region-config';
import type { Decision } from '../domain/access/access';
import { toInstant } from '../domain/time/instant';
import type { Clock, IdGenerator, LedgerStorage } from '../ports';
import { forbidden, route } from './api';

/** What every route handler may use: the repositories, the clock, the region, the id-hash key. */
export interface ApiDeps extends Repositories {
  clock: Clock;
  runtime: RegionRuntime;
  /** Locally the runner applies an accepted alert at once; in AWS the table stream does. */
  applyAlertsInline?: boolean;
  /** Locally (`tanfang serve`, tests) sign-in is the development issuer's; in AWS, the region's OIDC issuer. */
  developmentSignIn?: boolean;
  /** Key of the keyed hash that names an elder registered without an id (see ledger import). */
  idKey: string;
  /** Where ledger files are uploaded (S3 in AWS, a folder locally); absent: uploads are refused with 503. */
  ledgerStorage?: LedgerStorage;
  /** Upload ids (ULIDs unless a test fixes them). */
  ids?: IdGenerator;
}

export const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');

/** Turns an access decision into a 403 naming the reason. */
export const must = (d: Decision) => {
  if (!d.allowed) throw forbidden(d.reason);
};

export const nowOf = (deps: ApiDeps) => toInstant(deps.clock.now());
