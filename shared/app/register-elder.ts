import { isDeepStrictEqual } from 'node:util';
import { servedCounties } from '../config/region-config';
import type { RegionRuntime } from '../config/region-config';
import { canEditElder, canWriteElder, visitorProblem } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { outsideDeployment } from '../domain/elder/deployment';
import { implausibleRegistration } from '../domain/elder/plausibility';
import { elderRegistrationSchema } from '../domain/elder/registration';
import type { ElderRegistration } from '../domain/elder/registration';
import { isInStep, needsFollowUpSteps, recordFromRegistration } from '../domain/ledger/elder-record';
import { savedReview } from '../domain/ledger/review';
import { policyProblems } from '../domain/policy/eligibility';
import type { ElderRecord } from '../domain/ledger/elder-record';
import { localDateOf, toInstant } from '../domain/time/instant';
import { parseOrThrow, ValidationError } from '../domain/validation';
import type { FieldIssue } from '../domain/validation';
import type { Clock, ElderRepository, Outbox, PersonRepository, TaskRepository } from '../ports';
import { ConflictError, NotFoundError } from './errors';
import { healElder, settleElder } from './settle-elder';
import { ForbiddenError } from './supervise';

export interface RegisterElderDeps {
  elders: ElderRepository;
  tasks: TaskRepository;
  people: Pick<PersonRepository, 'get'>;
  clock: Clock;
  runtime: RegionRuntime;
  /** The SMS to the visitor a moved elder's open tasks go to (absent: none is queued). */
  outbox?: Outbox | undefined;
}

export interface RegisterOptions {
  /** create: refuse an elder already registered; update: refuse one who is not; upsert: either. */
  mode?: 'create' | 'update' | 'upsert';
  /** Who writes (the API's caller); absent for the office's own tools, which act for the whole deployment. */
  actor?: Principal | undefined;
}

export interface RegisterElderResult {
  record: ElderRecord;
  created: boolean;
  /** Tasks cancelled because the elder stopped being served (moved, died, in hospital, consent withdrawn). */
  tasksCancelled: number;
  /** Open tasks moved to the elder's new visitor (or, for a move, to the new village). */
  tasksMoved: number;
  /** Open tasks that followed a refusal of home visits, or its withdrawal. */
  tasksConsentChanged: number;
  /** Back from hospital: the task opened for the rest of the current period. */
  returnTask?: string | undefined;
}

/**
 * Adds an elder to the ledger or updates them (the registration form is the whole truth).
 *
 * 1. Validates the form (every broken rule named with its field), then what the schema cannot
 *    see: dates after today, an area outside the deployment, a visitor who is not an active
 *    visitor serving the elder's village.
 * 2. Checks the writer keeps the ledger of the elder's current and new village.
 * 3. Saves it: the ID number's claim first (one number, one elder), the form with a version
 *    check (retrying on a concurrent edit, so no update is lost), then the projection.
 * 4. Settles the open tasks: cancelled when the elder is no longer served, moved when the
 *    elder's visitor changed. An interrupted save is finished by running it again.
 */
export async function registerElder(deps: RegisterElderDeps, input: unknown, options: RegisterOptions = {}): Promise<RegisterElderResult> {
  const registration = parseOrThrow(elderRegistrationSchema, input, 'elder registration');
  const at = toInstant(deps.clock.now());
  const mode = options.mode ?? 'upsert';
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = await deps.elders.get(registration.id);
    const problems = await formProblems(deps, registration, localDateOf(at), previous?.registration);
    if (problems.length > 0) throw new ValidationError('elder registration', problems);
    if (mode === 'create' && previous) {
      // A creation retried after a crash cut it short (the same form, not yet in step): finish it.
      if (isInStep(previous) || !sameForm(previous.registration, registration)) throw new ConflictError(`elder ${registration.id} is already registered; change them with PUT /elders/${registration.id}`);
      await healElder(deps, previous.elderId);
      return { record: previous, created: true, tasksCancelled: 0, tasksMoved: 0, tasksConsentChanged: 0 };
    }
    if (mode === 'update' && !previous) throw new NotFoundError(`no elder ${registration.id}`);
    if (options.actor) {
      const decision = canWriteElder(options.actor, previous?.villageCode, registration.residence.areaCode);
      if (!decision.allowed) throw new ForbiddenError(`${options.actor.personId} ${decision.reason}`);
    }
    const record = { ...recordFromRegistration(registration, at, previous), lastReview: savedReview(at, options.actor, previous === undefined) };
    const saved = await deps.elders.save(record, { create: !previous, settled: !needsFollowUpSteps(record) });
    if (!saved.ok && saved.reason === 'number_taken') throw await numberTaken(deps, saved.holder, options.actor);
    if (!saved.ok && saved.reason === 'exists' && mode === 'create') throw new ConflictError(`elder ${registration.id} is already registered; change them with PUT /elders/${registration.id}`);
    if (!saved.ok) continue;
    const settled = needsFollowUpSteps(record) ? await settleElder(deps, record) : { tasksCancelled: 0, tasksMoved: 0, tasksConsentChanged: 0 };
    return { record, created: previous === undefined, ...settled };
  }
  throw new Error(`elder ${registration.id} kept changing while being saved; nothing was lost, try again`);
}

/**
 * What a valid form still cannot say on this deployment today. The visitor is checked when the
 * form names one, or a village, the stored form did not: recording a death must not wait for a
 * departed visitor to be replaced, but a move to another township needs a visitor there.
 */
export async function formProblems(deps: Pick<RegisterElderDeps, 'people' | 'runtime'>, reg: ElderRegistration, today: string, stored?: ElderRegistration): Promise<FieldIssue[]> {
  const issues = [...implausibleRegistration(reg, today), ...policyProblems(reg, deps.runtime.policy, today)];
  const outside = outsideDeployment(reg.residence.areaCode, { area: deps.runtime.config.deploymentArea, counties: servedCounties(deps.runtime.config) });
  if (outside) issues.push({ field: 'residence.areaCode', rule: outside });
  if (reg.visitorId !== undefined && (reg.visitorId !== stored?.visitorId || reg.residence.areaCode !== stored.residence.areaCode)) {
    const problem = visitorProblem(await deps.people.get(reg.visitorId), reg.residence.areaCode);
    if (problem) issues.push({ field: 'visitorId', rule: problem });
  }
  return issues;
}

/**
 * Refuses a number another elder holds. Whose it is is said only to someone who keeps that
 * elder's ledger: to anyone else the answer must not reveal a record outside their area.
 */
export async function numberTaken(deps: Pick<RegisterElderDeps, 'elders'>, holder: string, actor: Principal | undefined): Promise<ConflictError> {
  const record = await deps.elders.get(holder);
  const mayKnow = record !== undefined && (actor === undefined || canEditElder(actor, record.villageCode).allowed);
  const rule = mayKnow ? `already registered as ${holder}: one person, one record` : 'is already registered to another elder, outside your area: ask the civil-affairs office (民政局) to check the record';
  return new ConflictError('this ID number is already registered', [{ field: 'residentId', rule }]);
}

/** Two forms as plain data (undefined fields dropped), for telling a retry from a change. */
export function sameForm(a: ElderRegistration, b: ElderRegistration): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}
