import { canJudgeVisits } from '../domain/access/supervision';
import type { Principal } from '../domain/access/access';
import { areaLevel } from '../domain/elder/area-code';
import { parsePeriod } from '../domain/reports/period';
import { drawSpotChecks } from '../domain/reports/spot-check';
import type { SpotCheckCandidate } from '../domain/reports/spot-check';
import { isFinalResult } from '../domain/reports/spot-check-record';
import type { SpotCheckDraw, SpotCheckOutcome, SpotCheckResult } from '../domain/reports/spot-check-record';
import { toInstant, toMillis, endOfDay } from '../domain/time/instant';
import { ValidationError } from '../domain/validation';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, IdGenerator, SpotCheckStore, TaskRepository, VisitRepository } from '../ports';
import { ConflictError, NotFoundError } from './errors';
import { reviewVisit } from './review-visit';
import type { ReviewAnswer } from './review-visit';
import { ForbiddenError } from './supervise';

export interface SpotCheckDeps {
  tasks: TaskRepository;
  visits: VisitRepository;
  spotChecks: SpotCheckStore;
  clock: Clock;
  ids: IdGenerator;
  runtime: RegionRuntime;
}

const must = (principal: Principal, area: string, visitorId?: string) => {
  const d = canJudgeVisits(principal, area, visitorId);
  if (!d.allowed) throw new ForbiddenError(`${principal.personId} ${d.reason}`);
};

function monthOf(text: string): { id: string; end: string } {
  const parsed = parsePeriod(text);
  if (!parsed.ok || parsed.period.kind !== 'month') throw new ValidationError('spot check', [{ field: 'month', rule: 'must be a month YYYY-MM' }]);
  return parsed.period;
}

/**
 * Draws a township's spot checks for a month that has ended (a stable set of visits to check).
 * Candidates are the visits that completed a task whose window ended that month, read from the
 * township's part of the tasks index (never another township's). The draw is stored whole with
 * its seed; drawing again returns it unchanged.
 */
export async function drawSpotCheck(deps: SpotCheckDeps, request: { principal: Principal; township: string; month: string; seed?: string | undefined }): Promise<{ draw: SpotCheckDraw; results: SpotCheckResult[]; created: boolean }> {
  if (areaLevel(request.township) !== 'township') throw new ValidationError('spot check', [{ field: 'township', rule: 'must be a 9-digit township code' }]);
  must(request.principal, request.township);
  const month = monthOf(request.month);
  const now = toInstant(deps.clock.now());
  if (toMillis(now) <= toMillis(endOfDay(month.end))) throw new ValidationError('spot check', [{ field: 'month', rule: `draw after the month ends (${month.end}): its visits are still being made` }]);
  const existing = await deps.spotChecks.getDraw(request.township, month.id);
  if (existing) return { ...existing, created: false };
  const tasks = await deps.tasks.inAreaMonth(request.township, month.id);
  const candidates: SpotCheckCandidate[] = tasks
    .filter((t) => t.state === 'completed' && t.visitId !== undefined && t.visitorId !== undefined && !(t.fakeVisits ?? []).includes(t.visitId))
    .map((t) => ({ elderId: t.elderId, visitId: t.visitId!, taskId: t.taskId, villageCode: t.villageCode, visitorId: t.visitorId!, flags: t.visitFlags ?? [] }));
  const seed = request.seed ?? deps.ids.next();
  const rules = deps.runtime.config.spotCheck;
  const draw: SpotCheckDraw = {
    township: request.township,
    month: month.id,
    seed,
    rules,
    candidates: candidates.length,
    visits: drawSpotChecks(candidates, { township: request.township, seed: `${month.id}#${seed}`, rules }),
    drawnBy: request.principal.personId,
    drawnAt: now,
  };
  if ((await deps.spotChecks.createDraw(draw)) === 'exists') {
    const stored = await deps.spotChecks.getDraw(request.township, month.id);
    if (stored) return { ...stored, created: false };
  }
  return { draw, results: [], created: true };
}

export interface SpotCheckRecordRequest {
  principal: Principal;
  township: string;
  month: string;
  elderId: string;
  visitId: string;
  result: SpotCheckOutcome;
  reached?: 'elder' | 'family' | undefined;
  note?: string | undefined;
}

/**
 * Records what the call found. confirmed → the visit is judged genuine; not_visited → judged
 * fake (it stops counting, see reviewVisit); unreachable → kept as an attempt, call again.
 * A settled result is final: the same result again is a no-op, another one a conflict.
 */
export async function recordSpotCheck(deps: SpotCheckDeps, request: SpotCheckRecordRequest): Promise<{ result: SpotCheckResult; review?: ReviewAnswer | undefined; recorded: boolean }> {
  const month = monthOf(request.month);
  const stored = await deps.spotChecks.getDraw(request.township, month.id);
  if (!stored) throw new NotFoundError(`no spot-check draw for township ${request.township} in ${month.id}`);
  const drawn = stored.draw.visits.find((v) => v.elderId === request.elderId && v.visitId === request.visitId);
  if (!drawn) throw new NotFoundError(`visit ${request.visitId} of elder ${request.elderId} is not in the ${month.id} draw of township ${request.township}`);
  must(request.principal, drawn.villageCode, drawn.visitorId);
  if (request.result !== 'unreachable' && request.reached === undefined) throw new ValidationError('spot check', [{ field: 'reached', rule: 'say whom the call reached: elder or family' }]);
  const verdict = request.result === 'confirmed' ? 'genuine' : 'fake';
  const judged = (await deps.visits.get(request.elderId, request.visitId))?.review;
  if (isFinalResult(request.result) && judged && judged.verdict !== verdict) throw new ConflictError(`visit ${request.visitId} was already judged ${judged.verdict} by ${judged.by} at ${judged.at}; a spot check cannot overturn it`);
  const at = toInstant(deps.clock.now());
  const previous = stored.results.find((r) => r.elderId === request.elderId && r.visitId === request.visitId);
  const result: SpotCheckResult = {
    township: request.township,
    month: month.id,
    elderId: request.elderId,
    visitId: request.visitId,
    result: request.result,
    by: request.principal.personId,
    at,
    ...(request.reached ? { reached: request.reached } : {}),
    ...(request.note ? { note: request.note } : {}),
    attempts: previous ? [...previous.attempts, ...(previous.result === 'unreachable' ? [{ by: previous.by, at: previous.at, ...(previous.note ? { note: previous.note } : {}) }] : [])] : [],
  };
  let recorded = true;
  let settled = result;
  if (!(await deps.spotChecks.saveResult(result))) {
    const current = (await deps.spotChecks.getDraw(request.township, month.id))?.results.find((r) => r.elderId === request.elderId && r.visitId === request.visitId);
    if (!current || current.result !== request.result) throw new ConflictError(`this visit's spot check is already settled as ${current?.result ?? 'another result'} by ${current?.by ?? 'someone'} at ${current?.at ?? 'an earlier time'}`);
    recorded = false;
    settled = current;
  }
  if (!isFinalResult(settled.result)) return { result: settled, recorded };
  const review = await reviewVisit(deps, { principal: request.principal, elderId: request.elderId, visitId: request.visitId, verdict: settled.result === 'confirmed' ? 'genuine' : 'fake', source: 'spot_check', note: settled.note });
  return { result: settled, review, recorded };
}
