import { canEditElder } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { isInStep, needsFollowUpSteps, recordFromRegistration } from '../domain/ledger/elder-record';
import { OFFICE, underReview } from '../domain/ledger/review';
import type { LedgerReview } from '../domain/ledger/review';
import { localDateOf, toInstant } from '../domain/time/instant';
import { parseOrThrow } from '../domain/validation';
import { z } from 'zod';
import type { Clock, ElderRepository, TaskRepository } from '../ports';
import type { RegionRuntime } from '../config/region-config';
import { ConflictError, NotFoundError } from './errors';
import { healElder, settleElder } from './settle-elder';
import { ForbiddenError } from './supervise';

export interface ReviewDeps {
  elders: ElderRepository;
  tasks: TaskRepository;
  clock: Clock;
  runtime: RegionRuntime;
}

/** A review's note: short, and through the same hygiene as every text input. */
export const reviewRequestSchema = z.object({ note: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters').optional() }).strict();

export interface ReviewResult {
  elderId: string;
  version: number;
  lastReview: LedgerReview;
  /** False when this person had already recorded a review of the entry today (a resent request): nothing changed. */
  recorded: boolean;
}

/**
 * Records that a ledger entry was checked and is current (核实无变化), changing nothing else on it.
 *
 * 1. The reviewer must keep the ledger of the elder's village (a liaison, the township
 *    instructor, an administrator); the office's own tools act for the whole deployment.
 * 2. A moved or deceased elder's entry is closed: there is nothing to review.
 * 3. The same form is saved as a new version carrying the review (version-checked, retried on a
 *    concurrent edit), then its projection, so the overdue list and the statistics follow; an
 *    earlier save left unfinished is finished first.
 * A second review by the same person on the same day changes nothing (a resent request).
 */
export async function recordReview(deps: ReviewDeps, request: { elderId: string; actor?: Principal | undefined; note?: string | undefined }): Promise<ReviewResult> {
  const { note } = parseOrThrow(reviewRequestSchema, { note: request.note }, 'review');
  const at = toInstant(deps.clock.now());
  const by = request.actor?.personId ?? OFFICE;
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = await deps.elders.get(request.elderId);
    if (!previous) throw new NotFoundError(`no elder ${request.elderId}`);
    if (request.actor) {
      const decision = canEditElder(request.actor, previous.villageCode);
      if (!decision.allowed) throw new ForbiddenError(`${request.actor.personId} ${decision.reason}`);
    }
    if (!underReview(previous.status)) throw new ConflictError(`the entry of elder ${request.elderId} is closed (${previous.status.state} since ${previous.status.since}): there is nothing to review`);
    const last = previous.lastReview;
    if (last && last.on === localDateOf(at) && last.by === by && last.kind === 'checked' && last.note === note) {
      if (!isInStep(previous)) await healElder(deps, previous.elderId);
      return { elderId: previous.elderId, version: previous.version, lastReview: last, recorded: false };
    }
    const lastReview: LedgerReview = { on: localDateOf(at), by, kind: 'checked', ...(note ? { note } : {}) };
    const record = { ...recordFromRegistration(previous.registration, at, previous), lastReview };
    const saved = await deps.elders.save(record, { settled: !needsFollowUpSteps(record) });
    if (!saved.ok && saved.reason === 'version') continue;
    if (!saved.ok) throw new ConflictError(`elder ${request.elderId} could not be saved: ${saved.reason}`);
    if (needsFollowUpSteps(record)) await settleElder(deps, record);
    return { elderId: record.elderId, version: record.version, lastReview, recorded: true };
  }
  throw new Error(`elder ${request.elderId} kept changing while the review was recorded; nothing was lost, try again`);
}
