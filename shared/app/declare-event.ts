import { isDeepStrictEqual } from 'node:util';
import { servedCounties } from '../config/region-config';
import type { RegionRuntime } from '../config/region-config';
import { canAdminister } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { eventDeclarationSchema, eventProblems } from '../domain/special/event';
import type { EventDeclaration } from '../domain/special/event';
import { eventOccasionId } from '../domain/special/occasion';
import type { EventOccasion } from '../domain/special/occasion';
import { localDateOf, startOfDay, toInstant, toMillis } from '../domain/time/instant';
import { parseOrThrow, ValidationError } from '../domain/validation';
import type { Clock, OccasionStore } from '../ports';
import { ConflictError, NotFoundError } from './errors';
import { ForbiddenError } from './supervise';

export interface EventDeps {
  occasions: OccasionStore;
  clock: Clock;
  runtime: RegionRuntime;
}

export interface EventResult {
  /** declared: new; updated: new dates, areas or order; cancelled; duplicate: nothing changed; resumed: an unfinished application runs again. */
  outcome: 'declared' | 'updated' | 'cancelled' | 'duplicate' | 'resumed';
  occasionId: string;
  /** Whether the occasion must be applied (locally at once; in AWS the occasions table's stream does it). */
  apply: boolean;
}

/**
 * Declares, or updates, a public-health or disaster event (事故灾害、公共卫生事件, 疫情封控) for
 * areas and dates: an administrator of the deployment only, every area inside it, dates that
 * make sense. It becomes an occasion like a weather warning and is applied by the same use case
 * (apply-occasion: extra contacts, home visits suspended where the order says, notices), so
 * updates and repeats behave alike: a repeat of the same declaration is a duplicate once
 * applied, and resumes an application that never finished.
 */
export async function declareEvent(deps: EventDeps, principal: Principal, input: unknown): Promise<EventResult> {
  const allowed = canAdminister(principal);
  if (!allowed.allowed) throw new ForbiddenError(`${principal.personId} ${allowed.reason}`);
  const declaration = parseOrThrow(eventDeclarationSchema, input, 'event');
  const at = toInstant(deps.clock.now());
  const problems = eventProblems(declaration, localDateOf(at), { area: deps.runtime.config.deploymentArea, counties: servedCounties(deps.runtime.config) });
  if (problems.length > 0) throw new ValidationError('event', problems);
  const occasionId = eventOccasionId(declaration.eventId);
  const existing = await deps.occasions.get(occasionId);
  if (existing && existing.kind === 'event') {
    if (existing.status === 'cancelled') throw new ConflictError(`event ${declaration.eventId} was cancelled; declare a new one with another eventId`);
    if (sameDeclaration(existing.event, declaration)) return repeat(deps, occasionId, at);
  }
  const first = startOfDay(declaration.from);
  const occasion: EventOccasion = {
    kind: 'event',
    occasionId,
    event: { ...declaration, declaredBy: principal.personId, declaredAt: at },
    startAt: existing?.kind === 'event' ? existing.startAt : toMillis(first) > toMillis(at) ? first : at,
    status: 'active',
  };
  if ((await deps.occasions.putEvent(occasion, at)) === 'cancelled') throw new ConflictError(`event ${declaration.eventId} was cancelled meanwhile; declare a new one with another eventId`);
  return { outcome: existing ? 'updated' : 'declared', occasionId, apply: true };
}

/** Calls an event off: its open extra tasks are cancelled, home visits required again, pending notices stopped. */
export async function cancelEvent(deps: EventDeps, principal: Principal, eventId: string): Promise<EventResult> {
  const allowed = canAdminister(principal);
  if (!allowed.allowed) throw new ForbiddenError(`${principal.personId} ${allowed.reason}`);
  const occasionId = eventOccasionId(eventId);
  const existing = await deps.occasions.get(occasionId);
  if (!existing || existing.kind !== 'event') throw new NotFoundError(`no event ${eventId}`);
  const at = toInstant(deps.clock.now());
  if (existing.status === 'cancelled') return repeat(deps, occasionId, at);
  await deps.occasions.cancel(occasionId, at);
  return { outcome: 'cancelled', occasionId, apply: true };
}

async function repeat(deps: EventDeps, occasionId: string, at: string): Promise<EventResult> {
  const [occasion, applied] = await Promise.all([deps.occasions.get(occasionId), deps.occasions.appliedRevision(occasionId)]);
  if (occasion && (applied ?? 0) < (occasion.revision ?? 1)) {
    await deps.occasions.touch(occasionId, at);
    return { outcome: 'resumed', occasionId, apply: true };
  }
  return { outcome: 'duplicate', occasionId, apply: false };
}

function sameDeclaration(stored: EventDeclaration, next: EventDeclaration): boolean {
  const { declaredAt: _a, declaredBy: _b, ...rest } = stored as EventDeclaration & { declaredAt?: string; declaredBy?: string };
  return isDeepStrictEqual(JSON.parse(JSON.stringify(rest)), JSON.parse(JSON.stringify(next)));
}
