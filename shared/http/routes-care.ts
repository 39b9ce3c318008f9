import { z } from 'zod';
import { recordFollowUpOutcome } from '../app/follow-up-outcome';
import { addNeedMeasure, listNeeds, moveMeasureOf } from '../app/needs';
import type { MeasureResult } from '../app/needs';
import { canSupervise } from '../domain/access/access';
import { followUpOutcomeSchema } from '../domain/care/follow-up';
import { MEASURE_STATES } from '../domain/care/measure';
import { isOpenNeed } from '../domain/care/need';
import type { Need } from '../domain/care/need';
import { areaCodeSchema, areaLevel } from '../domain/elder/area-code';
import { ApiProblem, route } from './api';
import type { AnyRoute } from './api';
import { answering } from './route-errors';
import { id, must } from './route-kit';
import type { ApiDeps } from './route-kit';
import { taskKey, taskView, toView } from './routes-tasks';

const needKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,64}$/, 'must be <visitId>.<needId>');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

const stepView = z.object({ to: z.enum(MEASURE_STATES), by: z.string(), at: z.string(), note: z.string().optional() });
const checkView = z.object({ taskId: z.string(), by: z.string(), at: z.string(), outcome: z.enum(['resolved', 'unresolved']), note: z.string() });
export const measureView = z.object({ measureId: z.string(), description: z.string(), state: z.enum(MEASURE_STATES), steps: z.array(stepView), checks: z.array(checkView).optional() });

/** A need with its measures (闭环管理), as visitors and supervisors see it: no ID numbers, no health record. */
export const needView = z.object({
  elderId: z.string(),
  needKey: z.string(),
  visitId: z.string(),
  needId: z.string(),
  description: z.string(),
  foundAt: z.string(),
  foundBy: z.string(),
  maskedName: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  open: z.boolean(),
  measures: z.array(measureView),
});

const viewOf = (n: Need): z.input<typeof needView> => ({
  elderId: n.elderId,
  needKey: n.needKey,
  visitId: n.visitId,
  needId: n.needId,
  description: n.description,
  foundAt: n.foundAt,
  foundBy: n.foundBy,
  maskedName: n.maskedName,
  villageCode: n.villageCode,
  villageName: n.villageName,
  open: isOpenNeed(n),
  measures: n.measures,
});

const measureAnswer = z.object({ need: needView, measure: measureView, followUp: z.string().optional() });
const answerOf = (r: MeasureResult) => ({ need: viewOf(r.need), measure: r.measure, ...(r.followUp ? { followUp: r.followUp } : {}) });

const needParams = z.object({ elderId: id, needKey }).strict();

/** Needs and measures (闭环管理) and follow-ups' outcomes (跟踪回访). */
export function careRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/elders/{elderId}/needs',
      summary: "An elder's needs with their measures (open ones, or all): for the elder's visitors and the supervisors of their village",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      query: z.object({ state: z.enum(['open', 'all']).default('open') }).strict(),
      response: z.object({ needs: z.array(needView) }),
      handle: async ({ principal, params, query }) => ({ needs: (await answering(() => listNeeds(deps, principal, params.elderId, query.state === 'all'))).map(viewOf) }),
    }),
    route({
      method: 'GET',
      path: '/needs',
      summary: 'Open needs of an area (a county, township or village), a page at a time, for the supervisors of that area',
      auth: 'user',
      query: z.object({ area: areaCodeSchema, limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(2000).optional() }).strict(),
      response: z.object({ needs: z.array(needView), next: z.string().optional() }),
      handle: async ({ principal, query }) => {
        must(canSupervise(principal, query.area));
        const level = areaLevel(query.area);
        if (level === 'city' || level === 'province')
          throw new ApiProblem(400, 'Bad Request', 'the area is too wide', [
            { field: 'query.area', rule: 'must be a county, township or village code: open needs are listed county by county', code: 'area_too_wide', message: '请填写县、乡镇（街道）或村（社区）代码：未办结的需求按县列出' },
          ]);
        const page = await answering(() => deps.needs.openInArea(query.area, query.limit, query.cursor));
        return { needs: page.items.map(viewOf), ...(page.next ? { next: page.next } : {}) };
      },
    }),
    route({
      method: 'POST',
      path: '/elders/{elderId}/needs/{needKey}/measures',
      summary: 'A further measure for a need (planned, in progress, done or referred: a referral opens a follow-up)',
      auth: 'user',
      params: needParams,
      body: z.object({ description: text(200), state: z.enum(['planned', 'in_progress', 'done', 'referred']), note: text(200).optional() }).strict(),
      status: 201,
      response: measureAnswer,
      handle: async ({ principal, params, body }) => answerOf(await answering(() => addNeedMeasure(deps, principal, { ...params, ...body }))),
    }),
    route({
      method: 'POST',
      path: '/elders/{elderId}/needs/{needKey}/measures/{measureId}',
      summary: 'Move a measure one step: planned → in progress → done, or referred (opens a follow-up) → followed up (the township)',
      auth: 'user',
      params: needParams.extend({ measureId: z.string().regex(/^m\d{1,2}$/, 'must be m1, m2…') }).strict(),
      body: z.object({ to: z.enum(MEASURE_STATES), note: text(200).optional() }).strict(),
      response: measureAnswer,
      handle: async ({ principal, params, body }) => answerOf(await answering(() => moveMeasureOf(deps, principal, { ...params, ...body }))),
    }),
    route({
      method: 'POST',
      path: '/tasks/{elderId}/{taskId}/follow-up',
      summary: "跟踪回访: the follow-up's owner (or the township and above) records what it found; resolved closes its referrals, unresolved opens the next round",
      auth: 'user',
      params: taskKey,
      body: followUpOutcomeSchema,
      response: z.object({ task: taskView, recorded: z.boolean(), followedUp: z.array(z.string()), next: z.string().optional() }),
      handle: async ({ principal, params, body }) => {
        const r = await answering(() => recordFollowUpOutcome(deps, { ...params, by: principal.personId, outcome: body }));
        return { task: toView(r.task), recorded: r.recorded, followedUp: r.followedUp, ...(r.next ? { next: `${r.next.elderId}#${r.next.taskId}` } : {}) };
      },
    }),
  ];
}
