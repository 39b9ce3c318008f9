import { z } from 'zod';
import { recordVisit } from '../app/record-visit';
import { acknowledgeTask, reassignTask, resolveTask, RESOLUTIONS } from '../app/supervise';
import { canReadRates, canRecordVisit, canSeeTask } from '../domain/access/access';
import type { Task } from '../domain/task/task';
import { localDateOf, toMillis } from '../domain/time/instant';
import { VISIT_FLAGS } from '../domain/visit/verification';
import { ApiProblem, forbidden, notFound, route } from './api';
import type { AnyRoute } from './api';
import { id, must, nowOf } from './route-kit';
import type { ApiDeps } from './route-kit';

export const taskKey = z.object({ elderId: id, taskId: z.string().min(1).max(64) }).strict();

/** What a visitor's phone shows of a task: no ID number, no health details. */
export const taskView = z.object({
  elderId: z.string(),
  taskId: z.string(),
  kind: z.enum(['routine', 'follow_up', 'special']),
  maskedName: z.string(),
  villageName: z.string(),
  methods: z.array(z.string()),
  homeRequired: z.boolean(),
  /** The elder or their carer refused home visits: a call or an outdoor meeting completes the task. */
  homeRefusal: z.object({ by: z.enum(['elder', 'carer']), carerName: z.string().optional(), on: z.string(), reason: z.string() }).optional(),
  start: z.string(),
  end: z.string(),
  dueAt: z.string(),
  state: z.string(),
  escalationLevel: z.number().int(),
});

export const toView = (t: Task): z.input<typeof taskView> => ({
  elderId: t.elderId,
  taskId: t.taskId,
  kind: t.kind,
  maskedName: t.maskedName,
  villageName: t.villageName,
  methods: t.methods,
  homeRequired: t.homeRequired,
  ...(t.homeRefusal ? { homeRefusal: { by: t.homeRefusal.by, ...(t.homeRefusal.carerName ? { carerName: t.homeRefusal.carerName } : {}), on: t.homeRefusal.on, reason: t.homeRefusal.reason } } : {}),
  start: t.start,
  end: t.end,
  dueAt: t.dueAt,
  state: t.state,
  escalationLevel: t.escalation?.level ?? 0,
});

/** What `POST /visits` answers: whether the visit counted, and what was flagged. */
export const visitAnswer = z.object({
  visitId: z.string(),
  counted: z.boolean(),
  late: z.boolean(),
  notCountedReason: z.string().optional(),
  flags: z.array(z.object({ kind: z.enum(VISIT_FLAGS), detail: z.string() })),
  task: z.object({ state: z.string() }),
  followUp: z.string().optional(),
});

async function loadTask(deps: ApiDeps, elderId: string, taskId: string): Promise<Task> {
  const task = await deps.tasks.get(elderId, taskId);
  if (!task) throw notFound(`no task ${taskId} for elder ${elderId}`);
  return task;
}

/** A visitor's tasks and visits, and supervisors' actions on overdue tasks. */
export function taskRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/tasks',
      summary: "A visitor's tasks: today's, overdue, or upcoming (a supervisor may name a visitor in their area)",
      auth: 'user',
      query: z.object({ view: z.enum(['today', 'overdue', 'upcoming']).default('today'), visitorId: id.optional() }).strict(),
      response: z.object({ tasks: z.array(taskView) }),
      handle: async ({ principal, query }) => {
        const visitorId = query.visitorId ?? principal.personId;
        if (visitorId !== principal.personId) {
          const visitor = await deps.people.get(visitorId);
          if (!visitor) throw notFound(`no person ${visitorId}`);
          must(canReadRates(principal, visitor.areaCode));
        }
        const tasks = await deps.tasks.openForVisitor(visitorId);
        const at = toMillis(nowOf(deps));
        const today = localDateOf(nowOf(deps));
        const visible = tasks.filter((t) => canSeeTask(principal, t).allowed);
        if (tasks.length > 0 && visible.length === 0) throw forbidden(`may not see the tasks of ${visitorId}`);
        const chosen = visible.filter((t) => (query.view === 'overdue' ? toMillis(t.dueAt) < at : query.view === 'today' ? t.start <= today && toMillis(t.dueAt) >= at : t.start > today));
        return { tasks: chosen.map(toView) };
      },
    }),
    route({
      method: 'POST',
      path: '/visits',
      summary: 'Record a visit (探访关爱服务记录表) against a task; flags signs of a fake visit',
      auth: 'user',
      // The form itself is validated by the use case with its own schema (every field named).
      body: z.record(z.string(), z.unknown()),
      status: 201,
      response: visitAnswer,
      handle: async ({ principal, body }) => {
        const parsed = taskKey.extend({ visitorId: id }).safeParse({ elderId: body.elderId, taskId: body.taskId, visitorId: body.visitorId });
        if (!parsed.success)
          throw new ApiProblem(
            400,
            'Bad Request',
            'the visit record names no task',
            parsed.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, rule: i.message })),
          );
        if (parsed.data.visitorId !== principal.personId) throw forbidden('a visitor records their own visits only (visitorId must be the caller)');
        must(canRecordVisit(principal, await loadTask(deps, parsed.data.elderId, parsed.data.taskId)));
        const result = await recordVisit(deps, body);
        return {
          visitId: result.visit.visitId,
          counted: result.visit.counted,
          late: result.visit.late ?? false,
          ...(result.visit.notCountedReason ? { notCountedReason: result.visit.notCountedReason } : {}),
          flags: result.visit.flags ?? [],
          task: { state: result.task.state },
          ...(result.followUps.followUp ? { followUp: `${result.followUps.followUp.elderId}#${result.followUps.followUp.taskId}` } : {}),
        };
      },
    }),
    route({
      method: 'POST',
      path: '/tasks/{elderId}/{taskId}/acknowledge',
      summary: '确认: hold escalation for the acknowledgement period',
      auth: 'user',
      params: taskKey,
      body: z.object({ hours: z.number().int().min(1).max(168).optional() }).strict(),
      response: taskView,
      handle: async ({ principal, params, body }) => toView(await acknowledgeTask(deps, { ...params, by: principal.personId, ...(body.hours ? { hours: body.hours } : {}) })),
    }),
    route({
      method: 'POST',
      path: '/tasks/{elderId}/{taskId}/reassign',
      summary: '改派: give the task to another visitor (who gets an SMS)',
      auth: 'user',
      params: taskKey,
      body: z.object({ toVisitorId: id, reason: z.string().trim().min(1).max(200) }).strict(),
      response: taskView,
      handle: async ({ principal, params, body }) => toView(await reassignTask(deps, { ...params, by: principal.personId, ...body })),
    }),
    route({
      method: 'POST',
      path: '/tasks/{elderId}/{taskId}/resolve',
      summary: '办结: close the task with a reason (in hospital, moved, refused…)',
      auth: 'user',
      params: taskKey,
      body: z.object({ resolution: z.enum(RESOLUTIONS), note: z.string().trim().min(1).max(200).optional() }).strict(),
      response: taskView,
      handle: async ({ principal, params, body }) => toView(await resolveTask(deps, { ...params, by: principal.personId, ...body })),
    }),
  ];
}
