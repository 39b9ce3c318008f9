import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { reviewVisit } from '../app/review-visit';
import { drawSpotCheck, recordSpotCheck } from '../app/spot-check';
import { canJudgeVisits } from '../domain/access/supervision';
import { areaCodeSchema, areaLevel, isWithin } from '../domain/elder/area-code';
import { SPOT_CHECK_RESULTS } from '../domain/reports/spot-check-record';
import { VISIT_FLAGS } from '../domain/visit/verification';
import { servedCounties } from '../config/region-config';
import { ApiProblem, route } from './api';
import type { AnyRoute } from './api';
import { answering } from './route-errors';
import { id, must } from './route-kit';
import type { ApiDeps } from './route-kit';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
const note = z.string().trim().min(1).max(200);
const flag = z.object({ kind: z.enum(VISIT_FLAGS), detail: z.string() });
const township = z.string().regex(/^\d{9}$/, 'must be a 9-digit township code');

const drawSchema = z.object({
  /** False when the month's draw already existed: it is returned unchanged. */
  created: z.boolean(),
  township: z.string(),
  month: z.string(),
  seed: z.string(),
  candidates: z.number().int(),
  drawnBy: z.string(),
  drawnAt: z.string(),
  visits: z.array(z.object({ elderId: z.string(), visitId: z.string(), taskId: z.string(), villageCode: z.string(), visitorId: z.string(), flags: z.array(z.string()), weight: z.number() })),
  results: z.array(
    z.object({
      elderId: z.string(),
      visitId: z.string(),
      result: z.enum(SPOT_CHECK_RESULTS),
      by: z.string(),
      at: z.string(),
      reached: z.enum(['elder', 'family']).optional(),
      note: z.string().optional(),
      attempts: z.array(z.object({ by: z.string(), at: z.string(), note: z.string().optional() })),
    }),
  ),
});

const toDraw = ({ draw, results, created }: Awaited<ReturnType<typeof drawSpotCheck>>) => ({
  created,
  township: draw.township,
  month: draw.month,
  seed: draw.seed,
  candidates: draw.candidates,
  drawnBy: draw.drawnBy,
  drawnAt: draw.drawnAt,
  visits: draw.visits.map((v) => ({ ...v, flags: [...v.flags] })),
  results: results.map(({ township: _t, month: _m, ...r }) => r),
});

/** What `GET /reviews/visits` answers (the field app's 核查 screen reads it). */
export const flaggedVisitsAnswer = z.object({
  visits: z.array(z.object({ elderId: z.string(), visitId: z.string(), maskedName: z.string(), villageName: z.string(), visitorId: z.string(), visitedAt: z.string(), method: z.string(), flags: z.array(flag) })),
  next: z.string().optional(),
});

/** 督导: the flagged-visit review list and verdicts, and the monthly spot checks (抽查). */
export function supervisionRoutes(deps: ApiDeps): AnyRoute[] {
  const ids = { next: () => randomUUID() };
  return [
    route({
      method: 'GET',
      path: '/reviews/visits',
      summary: 'Flagged visits nobody has judged yet in an area, newest village by village, a page at a time',
      auth: 'user',
      query: z.object({ areaCode: areaCodeSchema, limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(2000).optional() }).strict(),
      response: flaggedVisitsAnswer,
      handle: ({ principal, query }) =>
        answering(async () => {
          must(canJudgeVisits(principal, query.areaCode));
          const level = areaLevel(query.areaCode);
          const counties = level === 'city' || level === 'province' ? servedCounties(deps.runtime.config).filter((c) => isWithin(c, query.areaCode)) : [query.areaCode.slice(0, 6)];
          // A city-wide list pages county by county: the cursor names the county it stopped in.
          const [at, inner] = query.cursor ? splitCursor(query.cursor, counties.length) : [0, undefined];
          const county = counties[at];
          if (county === undefined) return { visits: [] };
          const page = await deps.visits.awaitingReview(county, counties.length > 1 ? county : query.areaCode, query.limit, inner);
          const next = page.next ? `${at}.${page.next}` : at + 1 < counties.length ? `${at + 1}.` : undefined;
          return {
            visits: page.items.map((v) => ({
              elderId: v.elderId,
              visitId: v.visitId,
              maskedName: v.maskedName ?? '',
              villageName: v.villageName ?? '',
              visitorId: v.visitorId,
              visitedAt: v.visitedAt,
              method: v.method,
              flags: v.flags ?? [],
            })),
            ...(next ? { next } : {}),
          };
        }),
    }),
    route({
      method: 'POST',
      path: '/elders/{elderId}/visits/{visitId}/review',
      summary: '确认属实 / 认定虚假: judge a visit genuine or fake; a fake visit stops counting (its task reopens while the window is open)',
      auth: 'user',
      params: z.object({ elderId: id, visitId: id }).strict(),
      body: z.object({ verdict: z.enum(['genuine', 'fake']), note: note.optional() }).strict(),
      response: z.object({
        elderId: z.string(),
        visitId: z.string(),
        verdict: z.enum(['genuine', 'fake']),
        by: z.string(),
        at: z.string(),
        recorded: z.boolean(),
        task: z.object({ taskId: z.string(), state: z.string(), reopened: z.boolean(), outcome: z.string().optional() }).optional(),
      }),
      handle: ({ principal, params, body }) =>
        answering(async () => {
          const r = await reviewVisit(deps, { principal, ...params, verdict: body.verdict, note: body.note, source: 'flag_review' });
          return { elderId: params.elderId, visitId: params.visitId, verdict: r.review.verdict, by: r.review.by, at: r.review.at, recorded: r.recorded, ...(r.task ? { task: r.task } : {}) };
        }),
    }),
    route({
      method: 'POST',
      path: '/spot-checks',
      summary: "抽查: draw a township's spot checks for a month that has ended (drawing again returns the same draw)",
      auth: 'user',
      body: z.object({ township, month, seed: z.string().trim().min(1).max(64).optional() }).strict(),
      status: 201,
      response: drawSchema,
      handle: ({ principal, body }) => answering(async () => toDraw(await drawSpotCheck({ ...deps, ids }, { principal, ...body }))),
    }),
    route({
      method: 'GET',
      path: '/spot-checks',
      summary: "A township's spot-check draw for a month, with the results recorded so far",
      auth: 'user',
      query: z.object({ township, month }).strict(),
      response: drawSchema,
      handle: ({ principal, query }) =>
        answering(async () => {
          must(canJudgeVisits(principal, query.township));
          const stored = await deps.spotChecks.getDraw(query.township, query.month);
          if (!stored) throw new ApiProblem(404, 'Not Found', `no spot-check draw for township ${query.township} in ${query.month}`);
          return toDraw({ ...stored, created: false });
        }),
    }),
    route({
      method: 'POST',
      path: '/spot-checks/{township}/{month}/results',
      summary: 'Record what the call found: confirmed, not_visited (the visit is judged fake) or unreachable (call again)',
      auth: 'user',
      params: z.object({ township, month }).strict(),
      body: z.object({ elderId: id, visitId: id, result: z.enum(SPOT_CHECK_RESULTS), reached: z.enum(['elder', 'family']).optional(), note: note.optional() }).strict(),
      response: z.object({ elderId: z.string(), visitId: z.string(), result: z.enum(SPOT_CHECK_RESULTS), by: z.string(), at: z.string(), recorded: z.boolean(), verdict: z.enum(['genuine', 'fake']).optional() }),
      handle: ({ principal, params, body }) =>
        answering(async () => {
          const r = await recordSpotCheck({ ...deps, ids }, { principal, ...params, ...body });
          return { elderId: body.elderId, visitId: body.visitId, result: r.result.result, by: r.result.by, at: r.result.at, recorded: r.recorded, ...(r.review ? { verdict: r.review.review.verdict } : {}) };
        }),
    }),
  ];
}

function splitCursor(cursor: string, counties: number): [number, string | undefined] {
  const m = /^(\d{1,3})\.(.*)$/.exec(cursor);
  if (!m || Number(m[1]) >= counties) throw new ApiProblem(400, 'Bad Request', 'the cursor is not one this list gave', [{ field: 'query.cursor', rule: 'must be the next value of the previous page' }]);
  return [Number(m[1]), m[2] === '' ? undefined : m[2]];
}
