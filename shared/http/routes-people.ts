import { z } from 'zod';
import { applyOccasion } from '../app/apply-occasion';
import { cancelEvent, declareEvent } from '../app/declare-event';
import { moveVisitorTasks } from '../app/move-visitor-tasks';
import { recordLeave } from '../app/visitor-leave';
import { canAdminister, canReadRates } from '../domain/access/access';
import { eventOccasionId } from '../domain/special/occasion';
import { notFound, route } from './api';
import type { AnyRoute } from './api';
import { id, must } from './route-kit';
import type { ApiDeps } from './route-kit';

const leaveView = z.object({
  leaveId: z.string(),
  visitorId: z.string(),
  from: z.string(),
  to: z.string(),
  coverId: z.string().optional(),
  reason: z.string().optional(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  returnedAt: z.string().optional(),
});
const eventAnswer = z.object({ outcome: z.string(), occasionId: z.string(), apply: z.boolean() });

/** Visitors who are away (请假, 代班), moving all of a visitor's tasks (整体改派), and declared events (事故灾害、公共卫生事件). */
export function peopleRoutes(deps: ApiDeps): AnyRoute[] {
  const applyNow = async <R extends { apply: boolean; occasionId: string }>(result: R): Promise<R> => {
    if (result.apply && deps.applyAlertsInline) await applyOccasion(deps, result.occasionId);
    return result;
  };
  return [
    route({
      method: 'POST',
      path: '/people/{personId}/leave',
      summary: "请假登记: a visitor's leave with dates and a covering visitor; tasks due on those days go to the cover, and come back after",
      auth: 'user',
      params: z.object({ personId: id }).strict(),
      body: z.record(z.string(), z.unknown()),
      status: 201,
      response: z.object({ leave: leaveView, created: z.boolean(), tasksWithCover: z.number().int(), tasksNotMovable: z.array(z.string()) }),
      handle: async ({ principal, params, body }) => recordLeave(deps, { principal, visitorId: params.personId, request: body }),
    }),
    route({
      method: 'GET',
      path: '/people/{personId}/leave',
      summary: "A visitor's leaves (their own, or a supervisor's of their area)",
      auth: 'user',
      params: z.object({ personId: id }).strict(),
      response: z.object({ leaves: z.array(leaveView) }),
      handle: async ({ principal, params }) => {
        const person = await deps.people.get(params.personId);
        if (!person) throw notFound(`no person ${params.personId}`);
        if (person.personId !== principal.personId) must(canReadRates(principal, person.areaCode));
        return { leaves: (await deps.leaves.forVisitor(person.personId)).leaves };
      },
    }),
    route({
      method: 'POST',
      path: '/people/{personId}/tasks/move',
      summary: "整体改派: move all of a visitor's open tasks to another visitor in one step (history on each, one SMS; repeating it is harmless)",
      auth: 'user',
      params: z.object({ personId: id }).strict(),
      body: z.object({ toVisitorId: id, reason: z.string().trim().min(1, 'must say why, for the history').max(200, 'at most 200 characters') }).strict(),
      response: z.object({ moveId: z.string(), moved: z.number().int(), total: z.number().int(), skipped: z.array(z.object({ task: z.string(), reason: z.string() })), smsQueued: z.boolean() }),
      handle: async ({ principal, params, body }) => moveVisitorTasks(deps, { by: principal.personId, fromVisitorId: params.personId, ...body }),
    }),
    route({
      method: 'POST',
      path: '/events',
      summary: 'Declare or update a public-health or disaster event (疫情封控, 公共卫生事件, 事故灾害) for areas and dates; the region policy says what it raises',
      auth: 'user',
      body: z.record(z.string(), z.unknown()),
      status: 202,
      response: eventAnswer,
      handle: async ({ principal, body }) => applyNow(await declareEvent(deps, principal, body)),
    }),
    route({
      method: 'POST',
      path: '/events/{eventId}/cancel',
      summary: 'Call an event off: its open extra tasks are cancelled, home visits required again, pending notices not sent',
      auth: 'user',
      params: z.object({ eventId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, _ or -') }).strict(),
      body: z.object({}).strict(),
      status: 202,
      response: eventAnswer,
      handle: async ({ principal, params }) => applyNow(await cancelEvent(deps, principal, params.eventId)),
    }),
    route({
      method: 'GET',
      path: '/events/{eventId}',
      summary: 'A declared event as last updated, and what it caused (tasks, notices)',
      auth: 'user',
      params: z.object({ eventId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, _ or -') }).strict(),
      response: z.object({ occasion: z.record(z.string(), z.unknown()), stats: z.record(z.string(), z.number()) }),
      handle: async ({ principal, params }) => {
        must(canAdminister(principal));
        const occasionId = eventOccasionId(params.eventId);
        const occasion = await deps.occasions.get(occasionId);
        if (!occasion || occasion.kind !== 'event') throw notFound(`no event ${params.eventId}`);
        return { occasion: { ...occasion }, stats: { ...(await deps.occasions.stats(occasionId)) } };
      },
    }),
  ];
}
